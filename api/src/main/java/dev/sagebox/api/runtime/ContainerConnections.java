package dev.sagebox.api.runtime;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.net.URI;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

/**
 * Connections to inference containers, opened on the invocation's own I/O thread so a request never changes
 * threads on its way to the container and back. Each exchange gets a fresh connection that is closed once both its
 * request and its response are done: reusing kept-alive connections lost an exchange now and then under sustained
 * concurrent load (the container's answer arrived on a connection the client no longer read), and an invocation
 * that hangs for a minute is worse than one loopback connect per call.
 */
final class ContainerConnections implements AutoCloseable {
    private static final OptionMap OPTIONS = OptionMap.builder().set(Options.TCP_NODELAY, true).getMap();

    /** Where {@link #acquire} hands its connection. */
    interface Handler {
        /** {@code reused}: taken from a pool, so it may have been closed by the server in the meantime. */
        void connected(ClientConnection connection, boolean reused);

        void failed(IOException e);
    }

    private final UndertowClient client = UndertowClient.getInstance();

    /** A connection to {@code address} for one exchange; must be called on {@code thread}. */
    void acquire(URI address, XnioIoThread thread, ByteBufferPool buffers, Handler handler) {
        connect(address, thread, buffers, handler);
    }

    /** Always a new connection. */
    void connect(URI address, XnioIoThread thread, ByteBufferPool buffers, Handler handler) {
        client.connect(new ClientCallback<ClientConnection>() {
            @Override
            public void completed(ClientConnection connection) {
                handler.connected(connection, false);
            }

            @Override
            public void failed(IOException e) {
                handler.failed(e);
            }
        }, address, thread, buffers, OPTIONS);
    }

    /** Ends a connection whose exchange is complete. */
    void release(URI address, ClientConnection connection) {
        IoUtils.safeClose(connection);
    }

    @Override
    public void close() {
        // No connection outlives its exchange.
    }
}
