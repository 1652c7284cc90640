package dev.sagebox.api.wire;

import java.time.Instant;

/** The input members every List operation shares; each operation's model decides which it accepts. */
public record ListRequest(
        String nextToken,
        Integer maxResults,
        String sortBy,
        String sortOrder,
        String nameContains,
        Instant creationTimeBefore,
        Instant creationTimeAfter,
        Instant lastModifiedTimeBefore,
        Instant lastModifiedTimeAfter,
        String statusEquals) {
}
