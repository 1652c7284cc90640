package dev.sagebox.storage.pipe;

import java.io.IOException;
import java.net.Socket;
import java.util.OptionalInt;
import java.util.function.LongConsumer;

/**
 * Moves bytes from a connected TCP socket into a pipe inside the kernel, or declines so that the caller copies them
 * through the JVM. {@link #of} picks {@code splice(2)} when zero copy is on and the platform offers it, and the plain
 * fallback, {@link #COPY}, otherwise ({@code SAGEBOX_ZERO_COPY=off}).
 */
public interface SocketToPipe {
    /** Never moves anything: every body is copied through the JVM. */
    SocketToPipe COPY = new SocketToPipe() {
        @Override
        public OptionalInt descriptor(Socket socket) {
            return OptionalInt.empty();
        }

        @Override
        public void move(int socketFd, int pipeFd, long count, int timeoutMillis, LongConsumer moved) {
            throw new UnsupportedOperationException("zero copy is off: nothing is moved from a socket into a pipe");
        }

        @Override
        public String toString() {
            return "copy";
        }
    };

    /**
     * {@code splice(2)} when {@code zeroCopy} is set and libc can be bound (Linux), else {@link #COPY}.
     *
     * @param zeroCopy the {@code SAGEBOX_ZERO_COPY} setting
     */
    static SocketToPipe of(boolean zeroCopy) {
        return zeroCopy && LibC.available() ? SocketSplice.INSTANCE : COPY;
    }

    /**
     * The descriptor of a connected socket of this process, when bytes can be moved from it; empty means copy.
     */
    OptionalInt descriptor(Socket socket);

    /**
     * Moves exactly {@code count} bytes from {@code socketFd} into {@code pipeFd}. A full pipe blocks (the reader's
     * pace); a socket without data is waited for up to {@code timeoutMillis} per wait, like a read with that timeout.
     *
     * @param moved told of every chunk moved, so a caller knows how far it got when this throws
     * @throws PipeSink.ReaderGoneException when the pipe has no reader any more
     * @throws IOException when the connection ends, fails or stays silent; some bytes may have been moved
     */
    void move(int socketFd, int pipeFd, long count, int timeoutMillis, LongConsumer moved) throws IOException;
}
