package dev.sagebox.runner;

import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
import java.io.IOException;
import java.io.InputStream;

/**
 * An S3 object as one stream that survives a broken connection: a failed read re-opens the object at the current
 * offset (a few times) instead of ending early, so a Pipe channel is never silently truncated.
 */
final class ResumableObjectStream extends InputStream {
    private static final int RETRIES = 3;

    private final ObjectStore store;
    private final S3Location location;
    private final long size;
    private InputStream current;
    private long offset;
    private int failures;

    ResumableObjectStream(ObjectStore store, S3Location location, long size) {
        this.store = store;
        this.location = location;
        this.size = size;
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
