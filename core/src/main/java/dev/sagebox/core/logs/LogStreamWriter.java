package dev.sagebox.core.logs;

import java.time.Instant;

/** Appends events to one stream; one writer per stream at a time. Thread-safe. */
public interface LogStreamWriter extends AutoCloseable {
    /**
     * Appends one event. A timestamp earlier than the stream's last one is raised to it, so events stay in time
     * order; a message never holds a line break (the caller splits lines). A full disk loses the event, never the
     * caller's work.
     */
    void append(Instant timestamp, String message);

    /** Makes every appended event durable and visible; further appends are refused. */
    @Override
    void close();
}
