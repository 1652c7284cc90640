package dev.sagebox.core.credentials;

import java.util.Objects;

/** Credentials that verify, the resource they were issued to (its ARN) and what they may do. */
public record IssuedCredentials(SessionCredentials credentials, String ownerArn, AccessPolicy policy) {
    public IssuedCredentials {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(ownerArn, "ownerArn");
        Objects.requireNonNull(policy, "policy");
    }
}
