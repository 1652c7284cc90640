package dev.sagebox.runner;

import java.util.Objects;

/**
 * CheckpointConfig: the S3 prefix a job's checkpoints are restored from at start and synced to while it runs, and
 * where they live in each container.
 */
public record CheckpointConfig(String s3Uri, String localPath) {
    /** SageMaker's default LocalPath. */
    public static final String DEFAULT_LOCAL_PATH = "/opt/ml/checkpoints";

    public CheckpointConfig {
        Objects.requireNonNull(s3Uri, "s3Uri");
        Objects.requireNonNull(localPath, "localPath");
        if (!localPath.startsWith("/")) {
            throw new IllegalArgumentException("localPath must be absolute: " + localPath);
        }
    }
}
