package dev.sagebox.storage.pipe;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The write end of a FIFO, opened through libc so that its descriptor is known: a source can then move bytes into
 * it with {@code splice(2)}. Writes go through one native buffer of a fixed size (the copy the JDK's own
 * FileOutputStream makes too); a reader that closed its end makes them fail with "Broken pipe".
 */
public final class FifoWriter extends OutputStream {
    private final Path fifo;
    private final int fd;
    private final Memory buffer;
    private boolean closed;

    private FifoWriter(Path fifo, int fd, int bufferBytes) {
        this.fifo = fifo;
        this.fd = fd;
        this.buffer = new Memory(bufferBytes);
    }

    /**
     * Opens {@code fifo} for writing, waiting (as open(2) does) until a reader opens it.
     *
     * @throws IllegalStateException when libc cannot be bound (JNA missing, not Linux): no FIFO can be written then,
     *     which is the job's failure, not a reader's early close
     */
    public static FifoWriter open(Path fifo, int bufferBytes) throws IOException {
        if (!LibC.available()) {
            throw new IllegalStateException(
                    "cannot write the named pipe " + fifo + ": libc is not available through JNA (see the log)");
        }
        while (true) {
            int fd = LibC.open(fifo.toString(), LibC.O_WRONLY | LibC.O_CLOEXEC);
            if (fd >= 0) {
                return new FifoWriter(fifo, fd, bufferBytes);
            }
            int errno = LibC.errno();
            if (errno != LibC.EINTR) {
                throw new IOException("cannot open " + fifo + " for writing (errno " + errno + ")");
            }
        }
    }

    /** Binds libc now, so that the first FIFO does not pay for it while the algorithm waits for its first byte. */
    public static void prepare() {
        LibC.available();
    }

    /** The descriptor of the write end, valid until {@link #close}. */
    public int fd() {
        return fd;
    }

    /**
     * Asks for a kernel buffer of at least {@code bytes}; a failure is logged once and leaves the pipe as it was.
     *
     * @return the size obtained, or -1 when it could not be changed
     */
    public int enlarge(int bytes) {
        return PipeCapacity.enlarge(fd, bytes);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException(fifo + " is closed");
        }
        for (int done = 0; done < length; ) {
            int chunk = (int) Math.min(length - done, buffer.size());
            buffer.write(0, bytes, offset + done, chunk);
            writeFully(chunk);
            done += chunk;
        }
    }

    private void writeFully(int length) throws IOException {
        for (long written = 0; written < length; ) {
            long n = LibC.write(fd, buffer.share(written), length - written);
            if (n >= 0) {
                written += n;
                continue;
            }
            int errno = LibC.errno();
            if (errno == LibC.EINTR) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while writing " + fifo);
            }
            throw new IOException((errno == LibC.EPIPE ? "Broken pipe" : "write failed (errno " + errno + ")") + ": "
                    + fifo);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        buffer.close();
        if (LibC.close(fd) != 0) {
            throw new IOException("cannot close " + fifo + " (errno " + LibC.errno() + ")");
        }
    }
}
