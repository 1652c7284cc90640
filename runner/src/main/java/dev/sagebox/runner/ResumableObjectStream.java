package dev.sagebox.runner;

import dev.sagebox.storage.pipe.PipeSink;
import dev.sagebox.storage.ObjectBody;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An S3 object as one stream that survives a broken connection: a failed read re-opens the object at the current
 * offset (a few times) instead of ending early, so a Pipe channel is never silently truncated.
 */
final class ResumableObjectStream extends InputStream {
    private static final int RETRIES = 3;

    private final ObjectStore store;
    private final S3Location location;
    private final long size;
    private ObjectBody current;
    private long offset;
    private int failures;

    ResumableObjectStream(ObjectStore store, S3Location location, long size) {
        this.store = store;
        this.location = location;
        this.size = size;
    }

    /**
     * Sends the request now, so that the object's first bytes are on their way before it is read. A failure here is
     * not reported: the first read opens the object again and reports (or retries) it then.
     */
    void prefetch() {
        if (current == null) {
            try {
                current = store.open(location, offset);
            } catch (ObjectStoreException e) {
                // Reported by the first read, which opens the object again.
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        while (true) {
            try {
                if (current == null) {
                    current = store.open(location, offset);
                }
                int n = current.read(buffer, off, len);
                if (n < 0 && offset < size) {
                    throw new IOException("stream ended at byte " + offset + " of " + size);
                }
                if (n > 0) {
                    offset += n;
                }
                return n;
            } catch (IOException | ObjectStoreException e) {
                closeCurrent();
                if (++failures > RETRIES) {
                    throw new PipeSourceException("reading " + location + " failed at byte " + offset + " of " + size
                            + " after " + RETRIES + " retries: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Sends the rest of the object to {@code out}, resuming like {@link #read} when the source fails; failures of
     * {@code out} are thrown as they are, never retried.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        CountingSink sink = new CountingSink(out);
        return transfer(sink, body -> body.transferTo(sink));
    }

    /**
     * The same into a pipe: the source may move bytes into it itself (see {@link ObjectBody#transferTo(PipeSink)});
     * the pipe's reader going away is thrown as it is, never retried.
     */
    public long transferTo(PipeSink out) throws IOException {
        CountingPipeSink sink = new CountingPipeSink(out);
        return transfer(sink.counter, body -> body.transferTo(sink));
    }

    private interface Transfer {
        void from(ObjectBody body) throws IOException;
    }

    private long transfer(CountingSink sink, Transfer transfer) throws IOException {
        long start = offset;
        while (offset < size) {
            long before = sink.count;
            try {
                if (current == null) {
                    current = store.open(location, offset);
                }
                try {
                    transfer.from(current);
                } finally {
                    offset += sink.count - before;
                }
                if (offset < size) {
                    throw new IOException("stream ended at byte " + offset + " of " + size);
                }
            } catch (IOException | ObjectStoreException e) {
                if (sink.failed || e instanceof PipeSink.ReaderGoneException) {
                    throw e;
                }
                closeCurrent();
                if (++failures > RETRIES) {
                    throw new PipeSourceException("reading " + location + " failed at byte " + offset + " of " + size
                            + " after " + RETRIES + " retries: " + e.getMessage(), e);
                }
            }
        }
        return offset - start;
    }

    /** Counts what reaches {@code out} and remembers whether {@code out} itself failed. */
    private static final class CountingSink extends OutputStream {
        final OutputStream out;
        long count;
        boolean failed;

        CountingSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            count += len;
        }
    }

    /** The same for a pipe: bytes the source moves into it count too. */
    private static final class CountingPipeSink extends PipeSink {
        final CountingSink counter;
        private final PipeSink pipe;

        CountingPipeSink(PipeSink pipe) {
            this.counter = new CountingSink(pipe);
            this.pipe = pipe;
        }

        @Override
        public void write(int b) throws IOException {
            counter.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            counter.write(b, off, len);
        }

        @Override
        public int pipeFd() throws IOException {
            try {
                return pipe.pipeFd();
            } catch (IOException e) {
                counter.failed = true;
                throw e;
            }
        }

        @Override
        public void moved(long bytes) {
            counter.count += bytes;
            pipe.moved(bytes);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // The connection is being replaced anyway.
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }

    /** S3 could not deliver an object: the channel's stream cannot be completed. */
    static final class PipeSourceException extends RuntimeException {
        PipeSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
