package dev.sagebox.storage;

import java.util.Objects;

/** One object a host receives for a channel, and where it goes below the channel directory (File mode). */
public record ChannelObject(S3Location location, String relativePath, long size) {
    public ChannelObject {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(relativePath, "relativePath");
        if (relativePath.isEmpty() || relativePath.startsWith("/")) {
            throw new IllegalArgumentException("relativePath must be a non-empty relative path, was " + relativePath);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}
