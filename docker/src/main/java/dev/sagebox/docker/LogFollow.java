package dev.sagebox.docker;

import java.time.Duration;

/** A running log follow; closing it stops following. */
public interface LogFollow extends AutoCloseable {
    /**
     * Waits up to {@code timeout} for the stream to end by itself (the container exited and all its output has been
     * delivered); true if it ended. Call it after the container exited and before removing it, so no output is lost.
     */
    boolean awaitEnd(Duration timeout);

    @Override
    void close();
}
