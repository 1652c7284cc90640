package dev.sagebox.api.auth;

import java.util.Objects;

/** What the verifier needs of a request body: the bytes, or their SHA-256 when the server hashed while streaming. */
public sealed interface Payload {
    /** The body as received. The array is not copied: bodies reach 6 MiB and the verifier only reads them. */
    static Payload of(byte[] body) {
        return new Bytes(body);
    }

    /** The lowercase hex SHA-256 of the body, computed by the caller. */
    static Payload sha256Hex(String hex) {
        return new Sha256(hex);
    }

    /** A body held in memory; compared by identity like the array it wraps. */
    record Bytes(byte[] body) implements Payload {
        public Bytes {
            Objects.requireNonNull(body, "body");
        }
    }

    /** A body known only by its lowercase hex SHA-256. */
    record Sha256(String hex) implements Payload {
        public Sha256 {
            Objects.requireNonNull(hex, "hex");
        }
    }
}
