package dev.sagebox.storage;

import java.io.IOException;

/**
 * An output whose bytes end in a pipe (a FIFO's write end). A source that reads from a plain socket can then have the
 * kernel move its bytes into the pipe ({@code splice(2)}) instead of copying them through the JVM: see
 * {@link ObjectStore#open} streams' {@code transferTo}.
 */
public interface PipeSink {
    /** The pipe's write end, once everything written to this output so far has reached it. */
    int pipeFd() throws IOException;

    /** Bytes that a source moved into {@link #pipeFd()} itself, without writing them to this output. */
    void moved(long bytes);

    /** The pipe has no reader any more (EPIPE): the sink's end, not the source's. */
    final class ReaderGoneException extends IOException {
        public ReaderGoneException(String message) {
            super(message);
        }
    }
}
