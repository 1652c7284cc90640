package dev.sagebox.core;

import java.util.EnumSet;
import java.util.Set;

/** ProcessingJobStatus and TransformJobStatus, which share their five values, with the legal transitions. */
public enum JobStatus implements WireNamed {
    IN_PROGRESS("InProgress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPING("Stopping"),
    STOPPED("Stopped");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    public Set<JobStatus> next() {
        return switch (this) {
            case IN_PROGRESS -> EnumSet.of(COMPLETED, FAILED, STOPPING, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED, COMPLETED);
            case COMPLETED, FAILED, STOPPED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }
}
