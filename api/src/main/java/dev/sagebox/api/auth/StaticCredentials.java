package dev.sagebox.api.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The one access key pair Sagebox is configured with. Session credentials issued for the same access key id verify
 * too, because the session token is only a signed header and the signature depends on the secret alone.
 */
public record StaticCredentials(String accessKeyId, String secretAccessKey) implements CredentialsLookup {
    public StaticCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("access key id and secret access key must not be blank");
        }
    }

    @Override
    public Optional<String> secretFor(String candidate) {
        return accessKeyId.equals(candidate) ? Optional.of(secretAccessKey) : Optional.empty();
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
