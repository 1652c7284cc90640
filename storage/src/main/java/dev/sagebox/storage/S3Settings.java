package dev.sagebox.storage;

import java.net.URI;
import java.util.Objects;

/** How to reach an S3 server: endpoint, keys and region (path-style addressing always). */
public record S3Settings(URI endpoint, String accessKey, String secretKey, String region) {
    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(region, "region");
    }
}
