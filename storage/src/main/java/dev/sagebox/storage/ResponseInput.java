package dev.sagebox.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A socket's input, read through one buffer, that knows where the current HTTP response's body begins: it counts the
 * bytes it hands to the HTTP client from the moment a response is expected ({@link #markResponseStart}) and finds
 * the blank line that ends the response's head. From that, the bytes of a body that have left the kernel but that
 * the client's reader has not consumed yet can be computed, which is what moving the rest of a body with
 * {@code splice(2)} needs.
 */
final class ResponseInput extends InputStream {
    private final InputStream socket;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** Bytes handed upward since the mark. */
    private long delivered;
    /** Where the body starts, in delivered bytes; -1 while the head is incomplete or the mark is not trusted. */
    private long bodyStart = -1;
    private boolean scanning;
    private int headEndMatched;

    ResponseInput(InputStream socket, int bufferSize) {
        this.socket = socket;
        this.buffer = new byte[bufferSize];
    }

    /**
     * A request is about to be sent on this connection: what arrives next is its response. A connection with bytes
     * still buffered is not in a known place, so its body's start stays unknown.
     */
    synchronized void markResponseStart() {
        delivered = 0;
        bodyStart = -1;
        headEndMatched = 0;
        scanning = position == limit;
    }

    /** Body bytes handed to the HTTP client since the mark, or -1 when the body's start is not known. */
    synchronized long bodyBytesDelivered() {
        return bodyStart < 0 ? -1 : delivered - bodyStart;
    }

    /** Bytes read from the socket and not yet handed upward. */
    synchronized int buffered() {
        return limit - position;
    }

    /** Writes the bytes read from the socket but not yet handed upward to {@code out}, and counts them as handed. */
    synchronized int drainBuffered(OutputStream out) throws IOException {
        int n = limit - position;
        if (n > 0) {
            out.write(buffer, position, n);
            position = limit;
            delivered += n;
        }
        return n;
    }

    @Override
    public synchronized int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int b = buffer[position++] & 0xff;
        delivered(position - 1, 1);
        return b;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        delivered(position, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() throws IOException {
        return (limit - position) + socket.available();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private boolean fill() throws IOException {
        int n = socket.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Counts {@code n} bytes handed upward from {@code buffer[from]}, looking for the CR LF CR LF that ends a head. */
    private void delivered(int from, int n) {
        if (scanning) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[from + i];
                boolean expected = b == ((headEndMatched & 1) == 0 ? '\r' : '\n');
                headEndMatched = expected ? headEndMatched + 1 : (b == '\r' ? 1 : 0);
                if (headEndMatched == 4) {
                    bodyStart = delivered + i + 1;
                    scanning = false;
                    break;
                }
            }
        }
        delivered += n;
    }
}
