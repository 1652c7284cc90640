package dev.sagebox.storage.pipe;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output whose bytes end in a pipe (a FIFO's write end). A source that reads from a plain socket can then have the
 * kernel move its bytes into the pipe ({@link SocketToPipe}) instead of copying them through the JVM. Sources take
 * this type explicitly (an overload of {@code transferTo}), never by testing an {@link OutputStream}'s class.
 */
public abstract class PipeSink extends OutputStream {
    /** The pipe's write end, once everything written to this output so far has reached it. */
    public abstract int pipeFd() throws IOException;

    /** Bytes that a source moved into {@link #pipeFd()} itself, without writing them to this output. */
    public abstract void moved(long bytes);

    /** The pipe has no reader any more (EPIPE): the sink's end, not the source's. */
    public static final class ReaderGoneException extends IOException {
        private static final long serialVersionUID = 1L;

        public ReaderGoneException(String message) {
            super(message);
        }
    }
}
