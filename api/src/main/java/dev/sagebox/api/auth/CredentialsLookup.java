package dev.sagebox.api.auth;

import java.util.Optional;

/** Finds the secret access key that belongs to an access key id. */
@FunctionalInterface
public interface CredentialsLookup {
    /** The secret for {@code accessKeyId}, empty when the key is unknown. */
    Optional<String> secretFor(String accessKeyId);

    /**
     * The session token that must come with {@code accessKeyId} (as {@code X-Amz-Security-Token}); empty for a
     * long-term key, which must come without one.
     */
    default Optional<String> sessionTokenFor(String accessKeyId) {
        return Optional.empty();
    }
}
