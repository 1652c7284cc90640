package dev.sagebox.api.auth;

import java.util.Objects;

/**
 * An incoming request as SigV4 sees it: method, path and query exactly as they arrived on the wire (still
 * percent-encoded; {@code rawQuery} empty when there is none), the received headers, and the body.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers, Payload payload) {
    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
    }
}
