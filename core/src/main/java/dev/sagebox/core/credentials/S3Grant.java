package dev.sagebox.core.credentials;

import java.util.Objects;

/**
 * Access to the keys of one bucket under one prefix ("" for the whole bucket): read (GET, HEAD, list under the
 * prefix) and, when {@code write}, also PUT, DELETE and multipart uploads.
 */
public record S3Grant(String bucket, String keyPrefix, boolean write) {
    public S3Grant {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    public static S3Grant read(String bucket, String keyPrefix) {
        return new S3Grant(bucket, keyPrefix, false);
    }

    public static S3Grant readWrite(String bucket, String keyPrefix) {
        return new S3Grant(bucket, keyPrefix, true);
    }

    boolean covers(String bucketName, String key) {
        return bucket.equals(bucketName) && key != null && key.startsWith(keyPrefix);
    }
}
