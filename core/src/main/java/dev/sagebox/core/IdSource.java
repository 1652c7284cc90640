package dev.sagebox.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Where new opaque ids (request ids, instance ids) come from; injected so tests can fix them. */
@FunctionalInterface
public interface IdSource {
    String newId();

    /**
     * Random version-4 UUIDs. They name things and need not be secret, so they come from {@link ThreadLocalRandom}
     * rather than {@link UUID#randomUUID()}, whose SecureRandom is a shared, locked source on every request.
     */
    static IdSource random() {
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long high = (random.nextLong() & ~0xF000L) | 0x4000L;
            long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(high, low).toString();
        };
    }
}
