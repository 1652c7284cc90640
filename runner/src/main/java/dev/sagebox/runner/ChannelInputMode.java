package dev.sagebox.runner;

/** TrainingInputMode: how a channel reaches the container. */
public enum ChannelInputMode {
    FILE("File"),
    PIPE("Pipe"),
    /** Served like File mode: Sagebox downloads the objects before the run starts. */
    FAST_FILE("FastFile");

    private final String wireName;

    ChannelInputMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
