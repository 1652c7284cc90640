package dev.sagebox.runner;

import dev.sagebox.core.WireNamed;

/** TrainingInputMode: how a channel reaches the container. */
public enum ChannelInputMode implements WireNamed {
    FILE("File"),
    PIPE("Pipe"),
    /** Served like File mode: Sagebox downloads the objects before the run starts. */
    FAST_FILE("FastFile");

    private final String wireName;

    ChannelInputMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
