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

    private SageboxLabels() {
    }

    public static Map<String, String> forResource(String serverId, String resourceArn, String role) {
        return Map.of(MANAGED, MANAGED_VALUE, INSTANCE, serverId, RESOURCE, resourceArn, ROLE, role);
    }
}
