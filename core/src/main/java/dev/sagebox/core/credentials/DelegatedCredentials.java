package dev.sagebox.core.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One resource's credentials of every rotation window, as the key they derive from: what a deliverer holds that runs
 * where the server's disk is not (the node agent of a training host on a swarm node) to write each window's
 * credentials itself. The key is the resource's own (an HMAC of the server's key and its ARN): it yields this
 * resource's credentials and no other's, and they stop verifying when the server revokes the resource. The server's
 * issuer derives every resource's credentials with {@link #at} too.
 *
 * @param ownerKey the resource's key, Base64
 * @param window how long one window's credentials are the current ones (they verify for one window more)
 */
public record DelegatedCredentials(String ownerKey, Duration window) {
    public DelegatedCredentials {
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    /** The credentials of the window {@code windowNumber} (time since the epoch divided by the window). */
    public SessionCredentials at(long windowNumber) {
        byte[] key = Base64.getDecoder().decode(ownerKey);
        byte[] id = hmac(key, "access-key-id\n" + windowNumber);
        String accessKeyId = "ASIA" + HexFormat.of().withUpperCase().formatHex(id, 0, 8);
        String secret = Base64.getEncoder().encodeToString(hmac(key, "secret\n" + accessKeyId)).substring(0, 40);
        String token = Base64.getEncoder().encodeToString(hmac(key, "session-token\n" + accessKeyId));
        Arrays.fill(key, (byte) 0);
        return new SessionCredentials(accessKeyId, secret, token,
                Instant.ofEpochMilli((windowNumber + 2) * window.toMillis()));
    }

    /** The number of the window {@code time} falls in. */
    public long windowAt(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), window.toMillis());
    }

    /** The key of the resource {@code ownerArn} under the server's {@code serverKey}. */
    public static DelegatedCredentials of(byte[] serverKey, String ownerArn, Duration window) {
        return new DelegatedCredentials(Base64.getEncoder().encodeToString(hmac(serverKey, "owner\n" + ownerArn)),
                window);
    }

    /** Keeps the key out of logs. */
    @Override
    public String toString() {
        return "DelegatedCredentials[window=" + window + "]";
    }

    /** HMAC-SHA256 of {@code text} under {@code key}: what every credential of Sagebox's is derived with. */
    public static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
