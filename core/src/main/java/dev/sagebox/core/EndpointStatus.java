package dev.sagebox.core;

import java.util.EnumSet;
import java.util.Set;

/** EndpointStatus with its legal transitions (contract section 3.2). */
public enum EndpointStatus implements WireNamed {
    CREATING("Creating"),
    IN_SERVICE("InService"),
    UPDATING("Updating"),
    SYSTEM_UPDATING("SystemUpdating"),
    ROLLING_BACK("RollingBack"),
    OUT_OF_SERVICE("OutOfService"),
    DELETING("Deleting"),
    FAILED("Failed");

    private final String wireName;

    EndpointStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public Set<EndpointStatus> next() {
        return switch (this) {
            // DeleteEndpoint is allowed in every status but Deleting, a rollout in progress included.
            case CREATING -> EnumSet.of(IN_SERVICE, FAILED, DELETING);
            case IN_SERVICE -> EnumSet.of(UPDATING, DELETING, FAILED);
            case UPDATING -> EnumSet.of(IN_SERVICE, ROLLING_BACK, FAILED, DELETING);
            case SYSTEM_UPDATING, ROLLING_BACK -> EnumSet.of(IN_SERVICE, DELETING);
            case OUT_OF_SERVICE, FAILED -> EnumSet.of(DELETING);
            case DELETING -> EnumSet.noneOf(EndpointStatus.class);
        };
    }

    public boolean canMoveTo(EndpointStatus target) {
        return next().contains(target);
    }
}
