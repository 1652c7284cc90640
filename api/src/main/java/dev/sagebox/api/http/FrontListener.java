package dev.sagebox.api.http;

import java.net.InetSocketAddress;

/**
 * A listener that owns the API port in front of Undertow: it serves some requests itself and passes every other
 * connection on to Undertow, which then listens on the loopback only (the invocation lane).
 */
public interface FrontListener extends AutoCloseable {
    /** The port it is bound to (already bound, so a port of 0 has become a real one). */
    int port();

    /** Starts serving; what it does not serve goes to {@code fallback}, where Undertow listens. */
    void start(InetSocketAddress fallback);

    @Override
    void close();
}
