package dev.sagebox.storage;

import java.util.Objects;

/** One object as listed: where it is and how large. */
public record S3ObjectSummary(S3Location location, long size) {
    public S3ObjectSummary {
        Objects.requireNonNull(location, "location");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}
