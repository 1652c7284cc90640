package dev.sagebox.api.auth;

import java.util.Objects;

/** Who signed a request that verified, and the region named in its credential scope. */
public record AuthenticatedCaller(String accessKeyId, String region) {
    public AuthenticatedCaller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(region, "region");
    }
}
