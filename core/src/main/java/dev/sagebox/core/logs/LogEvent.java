package dev.sagebox.core.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * One line a container wrote, as CloudWatch Logs keeps it: its position in the stream (0, 1, 2, … in write order),
 * the time it was written, the time Sagebox stored it, and the text without its line terminator.
 */
public record LogEvent(long index, Instant timestamp, Instant ingestionTime, String message) {
    public LogEvent {
        if (index < 0) {
            throw new IllegalArgumentException("negative event index " + index);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(ingestionTime, "ingestionTime");
        Objects.requireNonNull(message, "message");
    }
}
