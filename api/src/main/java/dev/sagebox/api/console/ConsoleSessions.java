package dev.sagebox.api.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's sessions, opened by a redeemed link. In memory only: after a restart the user runs
 * {@code ./sagebox console-url} again, as after a lost cookie; nothing about them needs to outlive the process.
 */
public final class ConsoleSessions {
    /** How long a session lasts from its opening. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final int ID_BYTES = 32;

    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    /** @param clock the time (a {@code Clock} is one; a test passes a lambda it can move) */
    public ConsoleSessions(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new session's id, for the cookie. */
    public String open() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !now.isBefore(expiry));
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(id, now.plus(LIFETIME));
        return id;
    }

    /** Whether {@code id} names an open, unexpired session. */
    public boolean isOpen(String id) {
        if (id == null) {
            return false;
        }
        Instant expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            expiries.remove(id, expiry);
            return false;
        }
        return true;
    }
}
