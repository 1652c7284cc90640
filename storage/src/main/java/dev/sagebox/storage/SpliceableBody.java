package dev.sagebox.storage;

import dev.sagebox.storage.pipe.PipeSink;
import dev.sagebox.storage.pipe.SocketToPipe;
import dev.sagebox.storage.ReadBufferedSocketFactory.ReadBufferedSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * An object's body, read from a plain HTTP connection, that can hand the rest of itself to a {@link PipeSink} with
 * {@link SocketToPipe} ({@code splice(2)}): what the HTTP client has already buffered is written as usual, then the kernel moves the
 * remaining bytes from the socket into the pipe. That connection is closed afterwards instead of being reused, since
 * the client never saw the end of the body. Reads through the stream work as ever.
 */
final class SpliceableBody extends ObjectBody {
    /** Below this, looking up the socket's descriptor costs more than the copies it saves. */
    static final long MIN_SPLICE = 1 << 20;
    private static final int COPY_BLOCK = 256 * 1024;

    private final ReadBufferedSocket socket;
    private final SocketToPipe toPipe;
    private final long length;
    private long consumed;
    private boolean spliced;

    SpliceableBody(InputStream body, ReadBufferedSocket socket, SocketToPipe toPipe, long length) {
        super(body);
        this.socket = socket;
        this.toPipe = toPipe;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consumed++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int n = in.read(buffer, offset, count);
        if (n > 0) {
            consumed += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        consumed += skipped;
        return skipped;
    }

    @Override
    public long transferTo(PipeSink sink) throws IOException {
        long start = consumed;
        if (length - consumed >= MIN_SPLICE) {
            splice(sink);
        }
        copy(sink);
        return consumed - start;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        return copy(out);
    }

    private long copy(OutputStream out) throws IOException {
        long start = consumed;
        if (consumed < length) {
            byte[] block = new byte[COPY_BLOCK];
            int n;
            while (consumed < length && (n = read(block, 0, block.length)) > 0) {
                out.write(block, 0, n);
            }
        }
        return consumed - start;
    }

    /** Moves the rest of the body into the pipe, unless the connection's state is not known exactly. */
    private void splice(PipeSink out) throws IOException {
        ResponseInput input = socket.responseInput();
        long bodyRead = input.bodyBytesDelivered();
        if (bodyRead < consumed || bodyRead > length) {
            return; // The head was not seen on this connection: where the body stands is unknown.
        }
        OptionalInt socketFd = toPipe.descriptor(socket);
        if (socketFd.isEmpty()) {
            return;
        }
        // The HTTP client's own buffers: bytes it took from the socket input but has not returned yet.
        byte[] held = new byte[8192];
        for (long left = bodyRead - consumed; left > 0; ) {
            int n = in.read(held, 0, (int) Math.min(held.length, left));
            if (n < 0) {
                throw new EOFException("the body ended " + left + " bytes early");
            }
            out.write(held, 0, n);
            consumed += n;
            left -= n;
        }
        // The socket input's buffer: read from the kernel, not yet handed to the client.
        if (input.buffered() > length - consumed) {
            return; // More than the body: the connection is not where it should be; read the ordinary way.
        }
        consumed += input.drainBuffered(out);
        spliced = true;
        toPipe.move(socketFd.getAsInt(), out.pipeFd(), length - consumed, socket.getSoTimeout(), moved -> {
            consumed += moved;
            out.moved(moved);
        });
    }

    @Override
    public void close() throws IOException {
        if (spliced) {
            // The client would wait to drain a body it believes unfinished; a closed socket ends that at once.
            socket.close();
        }
        super.close();
    }
}
