package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body up to a limit, so an oversized request is refused instead of buffered. */
public final class BodyReader {
    private BodyReader() {
    }

    /** Past this much refused body the connection is closed instead of drained. */
    private static final long DRAIN_LIMIT = 16L << 20;

    /** A body the server already received on the I/O thread (see {@link BodyReceiver}). */
    static final AttachmentKey<byte[]> RECEIVED = AttachmentKey.create(byte[].class);

    /** The whole body; a body longer than {@code limit} bytes throws {@code tooLarge}. */
    public static byte[] read(HttpServerExchange exchange, int limit, SageboxException tooLarge) {
        byte[] received = exchange.getAttachment(RECEIVED);
        if (received != null) {
            if (received.length > limit) {
                throw tooLarge;
            }
            return received;
        }
        long declared = exchange.getRequestContentLength();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= limit ? (int) declared : 256);
        byte[] buffer = new byte[8192];
        try {
            InputStream in = exchange.getInputStream();
            if (declared > limit) {
                throw refused(exchange, in, buffer, tooLarge);
            }
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > limit) {
                    throw refused(exchange, in, buffer, tooLarge);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops the rest of a refused body (up to a bound) so the client's kept-alive connection stays in step:
     * left unread, its bytes would be taken for the next request. A larger remainder closes the connection instead.
     */
    private static SageboxException refused(HttpServerExchange exchange, InputStream in, byte[] buffer,
            SageboxException tooLarge) throws IOException {
        long dropped = 0;
        int n;
        try {
            while (dropped < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
                dropped += n;
            }
        } catch (IOException cut) {
            // The server's own entity limit or the client ended the upload: nothing more to keep in step.
            dropped = DRAIN_LIMIT;
        }
        if (dropped >= DRAIN_LIMIT) {
            exchange.setPersistent(false);
        }
        return tooLarge;
    }

    public static SageboxException controlPlaneTooLarge(int limit) {
        return new SageboxException(ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "Request body is larger than the " + limit + " bytes this service accepts.");
    }
}
