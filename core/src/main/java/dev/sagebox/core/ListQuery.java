package dev.sagebox.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The filters, order and page of every List operation. Time bounds are exclusive, as moto and the SDK docs imply.
 *
 * @param statusEquals the wire name of a status, for operations that filter on one
 */
public record ListQuery(
        Optional<String> nameContains,
        Optional<Instant> creationTimeAfter,
        Optional<Instant> creationTimeBefore,
        Optional<Instant> lastModifiedTimeAfter,
        Optional<Instant> lastModifiedTimeBefore,
        Optional<String> statusEquals,
        SortField sortBy,
        SortOrder sortOrder,
        int maxResults,
        Optional<String> nextToken) {

    /** What a List operation may sort by. */
    public enum SortField {
        NAME,
        CREATION_TIME,
        STATUS
    }

    /** Ascending or descending. */
    public enum SortOrder {
        ASCENDING,
        DESCENDING
    }

    public ListQuery {
        Objects.requireNonNull(nameContains, "nameContains");
        Objects.requireNonNull(creationTimeAfter, "creationTimeAfter");
        Objects.requireNonNull(creationTimeBefore, "creationTimeBefore");
        Objects.requireNonNull(lastModifiedTimeAfter, "lastModifiedTimeAfter");
        Objects.requireNonNull(lastModifiedTimeBefore, "lastModifiedTimeBefore");
        Objects.requireNonNull(statusEquals, "statusEquals");
        Objects.requireNonNull(sortBy, "sortBy");
        Objects.requireNonNull(sortOrder, "sortOrder");
        Objects.requireNonNull(nextToken, "nextToken");
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be >= 1");
        }
    }

    /** Everything, newest first, in pages of {@code maxResults}. */
    public static ListQuery all(int maxResults) {
        return new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), SortField.CREATION_TIME, SortOrder.DESCENDING, maxResults, Optional.empty());
    }
}
