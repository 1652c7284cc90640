package dev.sagebox.runner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How training runs are carried out on this host.
 *
 * @param workRoot where each job's working directory (its /opt/ml per host, and its logs) lives
 * @param serverId the Sagebox server id put on every container's labels and names
 * @param containerS3 an S3 endpoint and keys that containers can reach, for algorithms that read S3 themselves
 * @param stopGrace how long a stopped container gets between SIGTERM and SIGKILL (SageMaker: 120 s)
 * @param enforceResourceLimits whether instance types limit CPU and memory (off runs unlimited)
 * @param checkpointSyncInterval how often files written to a job's CheckpointConfig.LocalPath are uploaded
 */
public record RunnerSettings(
        Path workRoot,
        String serverId,
        Optional<ContainerS3> containerS3,
        String region,
        Duration stopGrace,
        boolean enforceResourceLimits,
        Duration checkpointSyncInterval) {
    /** Often enough that a stopped or crashed job loses little, rarely enough that listing the directory is cheap. */
    public static final Duration DEFAULT_CHECKPOINT_SYNC_INTERVAL = Duration.ofSeconds(5);

    public RunnerSettings {
        Objects.requireNonNull(workRoot, "workRoot");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(containerS3, "containerS3");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (checkpointSyncInterval.isNegative() || checkpointSyncInterval.isZero()) {
            throw new IllegalArgumentException("checkpointSyncInterval must be positive");
        }
    }

    /** Settings with the default checkpoint sync interval. */
    public RunnerSettings(Path workRoot, String serverId, Optional<ContainerS3> containerS3, String region,
            Duration stopGrace, boolean enforceResourceLimits) {
        this(workRoot, serverId, containerS3, region, stopGrace, enforceResourceLimits,
                DEFAULT_CHECKPOINT_SYNC_INTERVAL);
    }

    /** S3 as seen from inside a container. */
    public record ContainerS3(URI endpoint, String accessKey, String secretKey) {
        public ContainerS3 {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }
    }

    /** The same settings with job folders under {@code root} (processing jobs keep theirs apart from training's). */
    public RunnerSettings inWorkRoot(Path root) {
        return new RunnerSettings(root, serverId, containerS3, region, stopGrace, enforceResourceLimits,
                checkpointSyncInterval);
    }
}
