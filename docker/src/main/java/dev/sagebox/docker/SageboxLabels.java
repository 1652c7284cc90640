package dev.sagebox.docker;

import java.util.Map;

/** The labels on everything Sagebox starts, so the reaper and tests can find leftovers. */
public final class SageboxLabels {
    public static final String MANAGED = "sagebox.managed";
    public static final String MANAGED_VALUE = "true";
    /** The ARN of the resource the container serves (training job, endpoint, notebook instance). */
    public static final String RESOURCE = "sagebox.resource";
    /** The id of the Sagebox server (its data directory) that started it. */
    public static final String INSTANCE = "sagebox.instance";
    /** Optional: the role of the container within its resource (e.g. algo-1, AllTraffic/1). */
    public static final String ROLE = "sagebox.role";
    /**
     * {@code true} on a network the server keeps for all resources of a kind (the endpoints' network): it belongs to
     * no one resource, so the reaper leaves it; it goes with the server's other objects only when removed by hand.
     */
    public static final String SHARED = "sagebox.shared";

    /** Labels of an object of this server that serves no one resource. */
    public static Map<String, String> shared(String serverId, String role) {
        return Map.of(MANAGED, MANAGED_VALUE, INSTANCE, serverId, SHARED, "true", ROLE, role);
    }

    private SageboxLabels() {
    }

    public static Map<String, String> forResource(String serverId, String resourceArn, String role) {
        return Map.of(MANAGED, MANAGED_VALUE, INSTANCE, serverId, RESOURCE, resourceArn, ROLE, role);
    }
}
