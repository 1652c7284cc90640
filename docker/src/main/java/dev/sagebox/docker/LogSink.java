package dev.sagebox.docker;

/** Receives a container's output as it is produced. */
public interface LogSink {
    /** One chunk of output; {@code stderr} tells which stream it came from. */
    void accept(boolean stderr, byte[] bytes);

    /** The stream ended (the container exited or the follow was closed). */
    default void end() {
    }
}
