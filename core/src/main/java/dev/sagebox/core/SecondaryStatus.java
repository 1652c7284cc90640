package dev.sagebox.core;

/** A training job's SecondaryStatus: what the job is doing within its primary status. */
public enum SecondaryStatus implements WireNamed {
    STARTING("Starting"),
    PENDING("Pending"),
    DOWNLOADING("Downloading"),
    TRAINING("Training"),
    UPLOADING("Uploading"),
    STOPPING("Stopping"),
    STOPPED("Stopped"),
    MAX_RUNTIME_EXCEEDED("MaxRuntimeExceeded"),
    COMPLETED("Completed"),
    FAILED("Failed");

    private final String wireName;

    SecondaryStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
