package dev.sagebox.api.runtime;

import dev.sagebox.api.http.FrontListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocation lane: the API port's listener, on plain Java NIO, that serves InvokeEndpoint itself and passes
 * every other connection on to Undertow (see {@link LaneInvocations} for which requests it serves). It exists for
 * speed: an invocation costs the lane one read from the client, one write to and one read from the container and
 * one write back, with interest sets that do not change, where Undertow's server and client made nine system calls
 * and much more Java (bench/README.md). Switched off with {@code SAGEBOX_INVOCATION_LANE=off}: then Undertow owns the
 * port and serves invocations through {@link InvocationProxy}, as before.
 */
public final class InvocationLane implements FrontListener {
    static final String TARGET_VARIANT = InvocationProxy.TARGET_VARIANT.toString();
    static final String CUSTOM_ATTRIBUTES = InvocationProxy.CUSTOM_ATTRIBUTES.toString();
    static final String INVOKED_VARIANT = InvocationProxy.INVOKED_VARIANT.toString();
    private static final Logger LOG = LoggerFactory.getLogger(InvocationLane.class);

    private final ServerSocketChannel server;
    private final LaneLoop[] loops;
    private final LaneInvocations invocations;
    private final long bodyTimeoutNanos;
    private InetSocketAddress undertow;
    private int next;

    private InvocationLane(ServerSocketChannel server, int threads, LaneInvocations invocations,
            Duration bodyReadTimeout) {
        this.server = server;
        this.invocations = invocations;
        this.bodyTimeoutNanos = bodyReadTimeout.toNanos();
        this.loops = new LaneLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new LaneLoop("sagebox-lane-" + i);
        }
    }

    /** Binds {@code host:port} (0: a free port) now; serves once {@link #start} names where Undertow listens. */
    public static InvocationLane bind(String host, int port, int threads, LaneInvocations invocations,
            Duration bodyReadTimeout) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(host, port), 1024);
                server.configureBlocking(false);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            return new InvocationLane(server, Math.max(1, threads), invocations, bodyReadTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** How many invocations the lane served itself (not those it left to Undertow). */
    public long invocationsServed() {
        long n = 0;
        for (LaneLoop loop : loops) {
            n += loop.served();
        }
        return n;
    }

    /** How many client connections the lane passed on to Undertow. */
    public long connectionsPassedOn() {
        long n = 0;
        for (LaneLoop loop : loops) {
            n += loop.passedOn();
        }
        return n;
    }

    public int threads() {
        return loops.length;
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public void start(InetSocketAddress fallback) {
        this.undertow = fallback;
        for (LaneLoop loop : loops) {
            loop.start();
        }
        loops[0].execute(() -> {
            try {
                loops[0].register(server, SelectionKey.OP_ACCEPT, new Acceptor());
            } catch (IOException e) {
                LOG.error("the invocation lane cannot accept connections: {}", e.toString());
            }
        });
    }

    /** Takes every waiting connection and gives each to the next loop in turn. */
    private final class Acceptor implements LaneLoop.Ready {
        @Override
        public void ready(SelectionKey key) {
            SocketChannel channel;
            try {
                while ((channel = server.accept()) != null) {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    LaneLoop loop = loops[next];
                    next = (next + 1) % loops.length; // never overflows, however many connections come
                    SocketChannel accepted = channel;
                    if (loop.inLoop()) {
                        serve(loop, accepted);
                    } else {
                        loop.execute(() -> serve(loop, accepted));
                    }
                }
            } catch (IOException e) {
                LOG.warn("accepting a connection: {}", e.toString());
            }
        }

        @Override
        public void abandon() {
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("closing the listener: {}", e.toString());
            }
        }
    }

    private void serve(LaneLoop loop, SocketChannel channel) {
        try {
            new LaneClient(loop, channel, invocations, undertow, bodyTimeoutNanos);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            LOG.warn("cannot serve a connection: {}", e.toString());
        }
    }

    @Override
    public void close() {
        for (LaneLoop loop : loops) {
            loop.close();
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the listener: {}", e.toString());
        }
    }
}
