package dev.sagebox.runner;

import java.time.Instant;

/**
 * Hears every line a training job's hosts write, as it is written: how metric definitions see the log. Called from
 * the log capture's threads, one host's lines in order; must be quick and must not throw.
 */
@FunctionalInterface
public interface TrainingLogListener {
    /** Hears nothing. */
    TrainingLogListener NONE = (host, timestamp, line) -> { };

    /** One line of {@code host} ({@code algo-1}, …) without its terminator, stamped with the time it was written. */
    void line(String host, Instant timestamp, String line);
}
