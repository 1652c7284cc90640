package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body up to a limit, so an oversized request is refused instead of buffered. */
public final class BodyReader {
    private BodyReader() {
    }

    /** The whole body; a body longer than {@code limit} bytes throws {@code tooLarge}. */
    public static byte[] read(HttpServerExchange exchange, int limit, SageboxException tooLarge) {
        long declared = exchange.getRequestContentLength();
        if (declared > limit) {
            throw tooLarge;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buffer = new byte[8192];
        try {
            InputStream in = exchange.getInputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > limit) {
                    throw tooLarge;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static SageboxException controlPlaneTooLarge(int limit) {
        return new SageboxException(ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "Request body is larger than the " + limit + " bytes this service accepts.");
    }
}
