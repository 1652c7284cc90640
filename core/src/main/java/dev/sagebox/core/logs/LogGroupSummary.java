package dev.sagebox.core.logs;

import java.time.Instant;
import java.util.Objects;

/** A log group: its name, when its first stream was made, and the bytes its streams hold. */
public record LogGroupSummary(String name, Instant creationTime, long storedBytes) {
    public LogGroupSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creationTime, "creationTime");
    }
}
