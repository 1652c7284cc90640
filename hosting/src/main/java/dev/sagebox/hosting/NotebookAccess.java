package dev.sagebox.hosting;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may open a notebook instance's Jupyter: the one-time tokens of presigned URLs (usable once, within five
 * minutes, as SageMaker's) and the sessions they open (as long as the URL's SessionExpirationDurationInSeconds).
 * Kept in memory only: after a Sagebox restart users ask for a new presigned URL, as after a lost cookie.
 */
public final class NotebookAccess {
    /** How long a presigned URL can be used, once. */
    public static final Duration URL_LIFETIME = Duration.ofMinutes(5);
    /** SessionExpirationDurationInSeconds when the caller gives none: 12 hours. */
    public static final Duration DEFAULT_SESSION = Duration.ofHours(12);

    private static final int SECRET_BYTES = 32;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> urlTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> sessions = new ConcurrentHashMap<>();

    public NotebookAccess(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who a token or session is for, and until when. */
    private record Grant(String notebookKey, Duration sessionLength, Instant expires) {
    }

    /** An open session: the id to put in a cookie, when it ends and how long it lasts from its opening. */
    public record Session(String id, Instant expires, Duration lifetime) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(lifetime, "lifetime");
        }
    }

    /** A new presigned-URL token for the notebook; the session it opens lasts {@code sessionLength}. */
    public String issueUrlToken(String notebookName, Duration sessionLength) {
        if (sessionLength.isZero() || sessionLength.isNegative()) {
            throw new IllegalArgumentException("sessionLength must be positive");
        }
        prune();
        String token = secret();
        urlTokens.put(token, new Grant(key(notebookName), sessionLength, clock.instant().plus(URL_LIFETIME)));
        return token;
    }

    /**
     * Spends a presigned-URL token: a session when it was issued for this notebook and has neither expired nor been
     * used; empty otherwise. A token shown on another notebook's URL opens nothing and is left unspent, so nobody
     * who can reach that other notebook's URL can burn the rightful user's link.
     */
    public Optional<Session> redeem(String notebookName, String urlToken) {
        String key = key(notebookName);
        Grant[] spent = new Grant[1];
        urlTokens.computeIfPresent(urlToken, (token, grant) -> {
            if (!grant.notebookKey().equals(key)) {
                return grant;
            }
            spent[0] = grant;
            return null;
        });
        Grant grant = spent[0];
        Instant now = clock.instant();
        if (grant == null || !now.isBefore(grant.expires())) {
            return Optional.empty();
        }
        Session session = new Session(secret(), now.plus(grant.sessionLength()), grant.sessionLength());
        sessions.put(session.id(), new Grant(grant.notebookKey(), grant.sessionLength(), session.expires()));
        return Optional.of(session);
    }

    /** Whether {@code sessionId} is an unexpired session for this notebook. */
    public boolean authorised(String notebookName, String sessionId) {
        Grant grant = sessions.get(sessionId);
        if (grant == null) {
            return false;
        }
        if (!clock.instant().isBefore(grant.expires())) {
            sessions.remove(sessionId, grant);
            return false;
        }
        return grant.notebookKey().equals(key(notebookName));
    }

    /** Ends every session and unused URL of the notebook (it stopped or was deleted). */
    public void revoke(String notebookName) {
        String key = key(notebookName);
        urlTokens.values().removeIf(g -> g.notebookKey().equals(key));
        sessions.values().removeIf(g -> g.notebookKey().equals(key));
    }

    private void prune() {
        Instant now = clock.instant();
        urlTokens.values().removeIf(g -> !now.isBefore(g.expires()));
        sessions.values().removeIf(g -> !now.isBefore(g.expires()));
    }

    private String secret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String notebookName) {
        return notebookName.toLowerCase(Locale.ROOT);
    }
}
