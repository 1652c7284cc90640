package dev.sagebox.core.credentials;

import java.util.Optional;
import java.util.Set;

/**
 * Issues each resource (training job, notebook instance, …) its own short-lived credentials with its own policy, in
 * place of the server's key, rotates them before they expire and revokes them when the resource ends. Sagebox's API
 * and S3 look up the key of every signed request here.
 */
public interface CredentialIssuer {
    /** Issues (or, for a resource that has them, keeps) credentials for {@code ownerArn} and writes them out. */
    CredentialDelivery issue(String ownerArn, AccessPolicy policy);

    /**
     * Issues credentials for {@code ownerArn} as {@link #issue} does, for a resource whose containers run where the
     * server's disk is not: the key they derive from, so that a deliverer there writes each window's credentials.
     */
    DelegatedCredentials delegate(String ownerArn, AccessPolicy policy);

    /** The resource ended: its credentials stop verifying at once and their files are removed. */
    void revoke(String ownerArn);

    /**
     * Revokes the credentials of every resource not in {@code liveOwnerArns}: at start, those of resources that
     * ended while the server was down or before it could revoke them.
     */
    void revokeAllBut(Set<String> liveOwnerArns);

    /** The live credentials with this access key id, if any. */
    Optional<IssuedCredentials> find(String accessKeyId);
}
