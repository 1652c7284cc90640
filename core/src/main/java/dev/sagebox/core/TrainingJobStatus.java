package dev.sagebox.core;

import java.util.EnumSet;
import java.util.Set;

/** TrainingJobStatus with its legal transitions. */
public enum TrainingJobStatus implements WireNamed {
    IN_PROGRESS("InProgress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPING("Stopping"),
    STOPPED("Stopped");

    private final String wireName;

    TrainingJobStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    public Set<TrainingJobStatus> next() {
        return switch (this) {
            case IN_PROGRESS -> EnumSet.of(COMPLETED, FAILED, STOPPING, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case COMPLETED, FAILED, STOPPED -> EnumSet.noneOf(TrainingJobStatus.class);
        };
    }

    public boolean canMoveTo(TrainingJobStatus target) {
        return next().contains(target);
    }
}
