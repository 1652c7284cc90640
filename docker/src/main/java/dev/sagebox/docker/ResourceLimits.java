package dev.sagebox.docker;

/**
 * CPU, memory and GPU limits of one container; zero means unlimited (or no GPUs).
 *
 * @param nanoCpus CPUs times 10^9, as docker counts them
 */
public record ResourceLimits(long nanoCpus, long memoryBytes, int gpus) {
    public static final ResourceLimits UNLIMITED = new ResourceLimits(0, 0, 0);

    /**
     * An instance type's CPUs and memory, capped at what the engine has, divided evenly among {@code shares}
     * containers that make up one instance; the GPUs go to each as asked.
     */
    public static ResourceLimits of(dev.sagebox.core.InstanceTypes.Shape shape, EngineInfo engine, int shares,
            int gpus) {
        if (shares < 1) {
            throw new IllegalArgumentException("shares must be at least 1");
        }
        long cpus = Math.min(shape.vcpus(), Math.max(1, engine.cpus()));
        long memory = shape.memoryGiB() << 30;
        if (engine.memoryBytes() > 0) {
            memory = Math.min(memory, engine.memoryBytes());
        }
        return new ResourceLimits(cpus * 1_000_000_000L / shares, memory / shares, gpus);
    }

    public ResourceLimits {
        if (nanoCpus < 0 || memoryBytes < 0 || gpus < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
    }
}
