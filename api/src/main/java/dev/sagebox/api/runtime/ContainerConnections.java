package dev.sagebox.api.runtime;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

/**
 * Keep-alive HTTP/1.1 connections to inference containers, pooled per I/O thread and container address. An
 * invocation only ever uses connections of the I/O thread its exchange runs on, so the pool needs no locking and a
 * request never changes threads on its way to the container and back. A connection comes back only once its
 * exchange is complete at both ends (see {@code Invocation.ExchangeEnds}); one the container closed while idle is
 * skipped here or, if the close is not seen yet, retried once on a fresh connection by the invocation.
 */
final class ContainerConnections implements AutoCloseable {
    private static final int MAX_IDLE_PER_ADDRESS = 64;
    private static final OptionMap OPTIONS = OptionMap.builder().set(Options.TCP_NODELAY, true).getMap();

    /** Where {@link #acquire} hands its connection. */
    interface Handler {
        /** {@code reused}: taken from the pool, so it may have been closed by the server in the meantime. */
        void connected(ClientConnection connection, boolean reused);

        void failed(IOException e);
    }

    private record Key(XnioIoThread thread, URI address) {
    }

    private final Map<Key, ArrayDeque<ClientConnection>> idle = new ConcurrentHashMap<>();
    private final UndertowClient client = UndertowClient.getInstance();

    /** An idle connection of this thread to {@code address}, else a new one; must be called on {@code thread}. */
    void acquire(URI address, XnioIoThread thread, ByteBufferPool buffers, Handler handler) {
        Key key = new Key(thread, address);
        ArrayDeque<ClientConnection> pool = idle.get(key);
        if (pool != null) {
            ClientConnection c;
            while ((c = pool.pollLast()) != null) {
                if (c.isOpen()) {
                    handler.connected(c, true);
                    return;
                }
            }
            idle.remove(key, pool);
        }
        connect(address, thread, buffers, handler);
    }

    /** Always a new connection (after a pooled one turned out to be closed by the container). */
    void connect(URI address, XnioIoThread thread, ByteBufferPool buffers, Handler handler) {
        client.connect(new ClientCallback<ClientConnection>() {
            @Override
            public void completed(ClientConnection connection) {
                // A connection closed while idle (its container retired or restarted) leaves the pool at once, and
                // an address with no idle connection left is forgotten, so retired containers leave nothing here.
                connection.addCloseListener(closed -> forget(address, closed));
                handler.connected(connection, false);
            }

            @Override
            public void failed(IOException e) {
                handler.failed(e);
            }
        }, address, thread, buffers, OPTIONS);
    }

    /** Gives a connection whose exchange is complete back for reuse; must be called on its I/O thread. */
    void release(URI address, ClientConnection connection) {
        if (!connection.isOpen()) {
            return;
        }
        ArrayDeque<ClientConnection> pool = idle.computeIfAbsent(new Key(connection.getIoThread(), address),
                k -> new ArrayDeque<>());
        if (pool.size() >= MAX_IDLE_PER_ADDRESS) {
            IoUtils.safeClose(connection);
            return;
        }
        pool.addLast(connection);
    }

    private void forget(URI address, ClientConnection closed) {
        idle.computeIfPresent(new Key(closed.getIoThread(), address), (k, pool) -> {
            pool.remove(closed);
            return pool.isEmpty() ? null : pool;
        });
    }

    /** How many idle connections are kept, over every thread and address. */
    int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** How many container addresses have idle connections kept. */
    int addresses() {
        return idle.size();
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> {
            ClientConnection c;
            while ((c = pool.poll()) != null) {
                IoUtils.safeClose(c);
            }
        });
        idle.clear();
    }
}
