package dev.sagebox.docker;

/**
 * CPU, memory and GPU limits of one container; zero means unlimited (or no GPUs).
 *
 * @param nanoCpus CPUs times 10^9, as docker counts them
 */
public record ResourceLimits(long nanoCpus, long memoryBytes, int gpus) {
    public static final ResourceLimits UNLIMITED = new ResourceLimits(0, 0, 0);

    public ResourceLimits {
        if (nanoCpus < 0 || memoryBytes < 0 || gpus < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
    }
}
