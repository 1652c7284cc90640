package dev.sagebox.api.auth;

import java.util.Optional;

/** Finds the secret access key that belongs to an access key id. */
@FunctionalInterface
public interface CredentialsLookup {
    /** The secret for {@code accessKeyId}, empty when the key is unknown. */
    Optional<String> secretFor(String accessKeyId);
}
