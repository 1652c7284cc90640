package dev.sagebox.docker;

import java.time.Instant;

/** Receives a container's output line by line, each with the time the container wrote it. */
public interface LogLineSink {
    /** One line without its terminator; {@code stderr} tells which stream it came from. */
    void line(boolean stderr, Instant written, String line);

    /** The output ended (the container exited or the follow was closed). */
    default void end() {
    }
}
