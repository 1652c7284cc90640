package dev.sagebox.api.auth;

import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.credentials.IssuedCredentials;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured key pair (the user's, allowed everything) and the credentials issued to resources (their session
 * token required, their policy applied).
 */
public record IssuedOrConfiguredCredentials(StaticCredentials configured, CredentialIssuer issuer)
        implements CredentialsLookup {
    public IssuedOrConfiguredCredentials {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public Optional<String> secretFor(String accessKeyId) {
        Optional<String> secret = configured.secretFor(accessKeyId);
        return secret.isPresent() ? secret
                : issuer.find(accessKeyId).map(issued -> issued.credentials().secretAccessKey());
    }

    @Override
    public Optional<String> sessionTokenFor(String accessKeyId) {
        return configured.secretFor(accessKeyId).isPresent() ? Optional.empty()
                : issuer.find(accessKeyId).map(issued -> issued.credentials().sessionToken());
    }

    /** The issued credentials behind {@code accessKeyId}; empty for the configured key. */
    public Optional<IssuedCredentials> issued(String accessKeyId) {
        return configured.secretFor(accessKeyId).isPresent() ? Optional.empty() : issuer.find(accessKeyId);
    }
}
