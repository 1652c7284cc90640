package dev.sagebox.api.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A health check whose answer is reused for a moment, so polling /_sagebox/health never hammers Docker or S3. */
public final class CachedCheck implements Supplier<String> {
    private final Supplier<String> check;
    private final Duration ttl;
    private final Clock clock;
    private String last;
    private Instant checkedAt = Instant.MIN;

    public CachedCheck(Supplier<String> check, Duration ttl, Clock clock) {
        this.check = check;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(checkedAt.plus(ttl))) {
            last = check.get();
            checkedAt = now;
        }
        return last;
    }
}
