package dev.sagebox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Deriving a signing key costs four HMACs, more than the rest of a verification: a scope's key is derived once and
 * reused. How cheap verification stays is measured by bench/run-hot-path, not asserted here.
 */
class SigningKeyCacheTest {
    private final SigningKeyCache cache = new SigningKeyCache();

    @Test
    void aScopeDerivesItsKeyOnceAndEveryLaterRequestReusesIt() {
        SecretKeySpec first = cache.signingKey("secret", "20240601", "us-east-1", "sagemaker");

        assertThat(cache.signingKey("secret", "20240601", "us-east-1", "sagemaker")).isSameAs(first);
        SecretKeySpec otherRegion = cache.signingKey("secret", "20240601", "eu-west-1", "sagemaker");
        assertThat(otherRegion.getEncoded()).isNotEqualTo(first.getEncoded());
        // Back to the first scope, past the last-key fast path: the map still holds its key.
        assertThat(cache.signingKey("secret", "20240601", "us-east-1", "sagemaker")).isSameAs(first);
    }

    @Test
    void everyPartOfTheScopeAndTheSecretSelectTheirOwnKey() {
        byte[] key = cache.signingKey("secret", "20240601", "us-east-1", "sagemaker").getEncoded();

        assertThat(cache.signingKey("other", "20240601", "us-east-1", "sagemaker").getEncoded()).isNotEqualTo(key);
        assertThat(cache.signingKey("secret", "20240602", "us-east-1", "sagemaker").getEncoded()).isNotEqualTo(key);
        assertThat(cache.signingKey("secret", "20240601", "us-east-1", "logs").getEncoded()).isNotEqualTo(key);
    }
}
