package dev.sagebox.core.logs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A log stream as DescribeLogStreams shows it: first and last event times are empty until its first event, the last
 * ingestion time is the creation time until then.
 */
public record LogStreamSummary(String name, Instant creationTime, Optional<Instant> firstEventTime,
        Optional<Instant> lastEventTime, Instant lastIngestionTime, long eventCount, long storedBytes) {
    public LogStreamSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(firstEventTime, "firstEventTime");
        Objects.requireNonNull(lastEventTime, "lastEventTime");
        Objects.requireNonNull(lastIngestionTime, "lastIngestionTime");
    }
}
