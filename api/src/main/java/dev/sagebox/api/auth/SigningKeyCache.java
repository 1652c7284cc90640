package dev.sagebox.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derived SigV4 signing keys by (secret, date, region, service). Deriving costs four HMACs, and nearly every request
 * of a day shares one scope, so the last key answers without touching the map.
 */
final class SigningKeyCache {
    /** Keeps the map from growing without bound when clients spray regions or the date rolls over many times. */
    private static final int MAX_ENTRIES = 64;

    private final Map<Scope, SecretKeySpec> keys = new ConcurrentHashMap<>();
    private volatile Entry last;

    SecretKeySpec signingKey(String secret, String date, String region, String service) {
        Entry recent = last;
        if (recent != null && recent.scope.matches(secret, date, region, service)) {
            return recent.key;
        }
        Scope scope = new Scope(secret, date, region, service);
        SecretKeySpec key = keys.get(scope);
        if (key == null) {
            if (keys.size() >= MAX_ENTRIES) {
                keys.clear();
            }
            key = derive(scope);
            keys.put(scope, key);
        }
        last = new Entry(scope, key);
        return key;
    }

    private static SecretKeySpec derive(Scope scope) {
        byte[] secret = ("AWS4" + scope.secret).getBytes(StandardCharsets.UTF_8);
        byte[] kDate = Crypto.hmac(new SecretKeySpec(secret, Crypto.HMAC_SHA256), scope.date);
        byte[] kRegion = Crypto.hmac(new SecretKeySpec(kDate, Crypto.HMAC_SHA256), scope.region);
        byte[] kService = Crypto.hmac(new SecretKeySpec(kRegion, Crypto.HMAC_SHA256), scope.service);
        byte[] kSigning = Crypto.hmac(new SecretKeySpec(kService, Crypto.HMAC_SHA256), "aws4_request");
        return new SecretKeySpec(kSigning, Crypto.HMAC_SHA256);
    }

    private record Scope(String secret, String date, String region, String service) {
        boolean matches(String otherSecret, String otherDate, String otherRegion, String otherService) {
            return date.equals(otherDate) && region.equals(otherRegion) && service.equals(otherService)
                    && secret.equals(otherSecret);
        }

        @Override
        public String toString() {
            return "Scope[" + date + "/" + region + "/" + service + "]";
        }
    }

    private record Entry(Scope scope, SecretKeySpec key) {
    }
}
