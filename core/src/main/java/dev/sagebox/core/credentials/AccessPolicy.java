package dev.sagebox.core.credentials;

import java.util.List;
import java.util.Objects;

/**
 * What one resource's credentials may do: which S3 keys they read and write, and whether they may call the API
 * (SageMaker, CloudWatch Logs, InvokeEndpoint) at all. {@code sts:GetCallerIdentity} is always allowed, as in AWS.
 * Anything not granted is refused: S3's AccessDenied, the API's AccessDeniedException.
 */
public record AccessPolicy(List<S3Grant> s3, boolean allS3, boolean allActions) {
    public AccessPolicy {
        s3 = List.copyOf(Objects.requireNonNull(s3, "s3"));
    }

    /** What the configured user may do: the default for a notebook instance's RoleArn. */
    public static AccessPolicy everything() {
        return new AccessPolicy(List.of(), true, true);
    }

    /** Only these S3 grants and no API action: a training job's channels, output and checkpoints. */
    public static AccessPolicy s3Only(List<S3Grant> grants) {
        return new AccessPolicy(grants, false, false);
    }

    public boolean mayRead(String bucket, String key) {
        return allS3 || s3.stream().anyMatch(g -> g.covers(bucket, key));
    }

    public boolean mayWrite(String bucket, String key) {
        return allS3 || s3.stream().anyMatch(g -> g.write() && g.covers(bucket, key));
    }

    /** A listing reveals keys: allowed when every key it can return is readable, i.e. under a granted prefix. */
    public boolean mayList(String bucket, String prefix) {
        return allS3 || s3.stream().anyMatch(g -> g.covers(bucket, prefix == null ? "" : prefix));
    }

    /** Whether the bucket is named by any grant (its existence and location may be asked). */
    public boolean mayUseBucket(String bucket) {
        return allS3 || s3.stream().anyMatch(g -> g.bucket().equals(bucket));
    }

    /** Whether {@code action} ({@code service:Operation}, e.g. {@code sagemaker:DeleteModel}) is allowed. */
    public boolean mayCall(String action) {
        return allActions || action.equals("sts:GetCallerIdentity");
    }
}
