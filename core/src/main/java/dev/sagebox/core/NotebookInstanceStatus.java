package dev.sagebox.core;

import java.util.EnumSet;
import java.util.Set;

/** NotebookInstanceStatus with its legal transitions (contract section 3.3). */
public enum NotebookInstanceStatus implements WireNamed {
    PENDING("Pending"),
    IN_SERVICE("InService"),
    STOPPING("Stopping"),
    STOPPED("Stopped"),
    FAILED("Failed"),
    DELETING("Deleting"),
    UPDATING("Updating");

    private final String wireName;

    NotebookInstanceStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public Set<NotebookInstanceStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(IN_SERVICE, FAILED);
            case IN_SERVICE -> EnumSet.of(STOPPING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case STOPPED -> EnumSet.of(PENDING, UPDATING, DELETING);
            case FAILED -> EnumSet.of(PENDING, DELETING);
            case UPDATING -> EnumSet.of(STOPPED, FAILED);
            case DELETING -> EnumSet.noneOf(NotebookInstanceStatus.class);
        };
    }

    public boolean canMoveTo(NotebookInstanceStatus target) {
        return next().contains(target);
    }
}
