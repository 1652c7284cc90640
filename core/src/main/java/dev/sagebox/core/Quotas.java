package dev.sagebox.core;

import java.util.Map;

/**
 * How much one Sagebox server starts at most, SageMaker's service quotas for this host. Each limit has a
 * {@code SAGEBOX_MAX_*} variable; a request over one is refused with {@code ResourceLimitExceeded} and changes nothing.
 *
 * @param instancesPerVariant instances of one production variant ({@code SAGEBOX_MAX_INSTANCES_PER_VARIANT}, 10)
 * @param instancesPerEndpoint instances of all variants of one endpoint ({@code SAGEBOX_MAX_INSTANCES_PER_ENDPOINT}, 20)
 * @param endpointInstances instances of all endpoints together, both fleets of a blue/green update counted
 *     ({@code SAGEBOX_MAX_ENDPOINT_INSTANCES}, 40)
 * @param instancesPerTrainingJob InstanceCount of one training job ({@code SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB}, 4)
 * @param trainingJobsInProgress training jobs InProgress or Stopping at once, waiting ones included
 *     ({@code SAGEBOX_MAX_TRAINING_JOBS_IN_PROGRESS}, 50)
 * @param notebookInstancesInService notebook instances not Stopped, Failed or Deleting
 *     ({@code SAGEBOX_MAX_NOTEBOOK_INSTANCES}, 8)
 */
public record Quotas(int instancesPerVariant, int instancesPerEndpoint, int endpointInstances,
        int instancesPerTrainingJob, int trainingJobsInProgress, int notebookInstancesInService) {

    public static final Quotas DEFAULTS = new Quotas(10, 20, 40, 4, 50, 8);

    public Quotas {
        positive(instancesPerVariant, "SAGEBOX_MAX_INSTANCES_PER_VARIANT");
        positive(instancesPerEndpoint, "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT");
        positive(endpointInstances, "SAGEBOX_MAX_ENDPOINT_INSTANCES");
        positive(instancesPerTrainingJob, "SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB");
        positive(trainingJobsInProgress, "SAGEBOX_MAX_TRAINING_JOBS_IN_PROGRESS");
        positive(notebookInstancesInService, "SAGEBOX_MAX_NOTEBOOK_INSTANCES");
    }

    /** The limits the environment sets, the defaults for the rest. */
    public static Quotas from(Map<String, String> env) {
        return new Quotas(
                read(env, "SAGEBOX_MAX_INSTANCES_PER_VARIANT", DEFAULTS.instancesPerVariant),
                read(env, "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT", DEFAULTS.instancesPerEndpoint),
                read(env, "SAGEBOX_MAX_ENDPOINT_INSTANCES", DEFAULTS.endpointInstances),
                read(env, "SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB", DEFAULTS.instancesPerTrainingJob),
                read(env, "SAGEBOX_MAX_TRAINING_JOBS_IN_PROGRESS", DEFAULTS.trainingJobsInProgress),
                read(env, "SAGEBOX_MAX_NOTEBOOK_INSTANCES", DEFAULTS.notebookInstancesInService));
    }

    /**
     * Throws {@code ResourceLimitExceeded} in SageMaker's shape (utilization and request delta) when {@code current +
     * delta} is over {@code limit}.
     */
    public static void require(String what, String unit, int limit, int current, int delta, String variable) {
        if ((long) current + delta > limit) {
            throw Errors.limitExceeded("The account-level service limit '%s' is %d %s, with current utilization of %d"
                    + " %s and a request delta of %d %s. Please raise %s to increase this quota.", what, limit, unit,
                    current, unit, delta, unit, variable);
        }
    }

    private static int read(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"");
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
    }
}
