package dev.sagebox.api.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A client connection the invocation lane does not serve itself, passed on to Undertow: the bytes the lane already
 * read go first, then bytes are copied both ways until both sides have closed. Undertow then answers the connection
 * exactly as it would have on the API port (control plane, notebooks, the console, metrics, and invocations the lane
 * leaves to it); the connection stays relayed to its end.
 */
final class Relay implements LaneLoop.Ready {
    private static final int BUFFER = 32 * 1024;

    private final SocketChannel client;
    private final SelectionKey clientKey;
    private final SocketChannel upstream;
    private SelectionKey upstreamKey;
    /** Client to Undertow, in read mode: what is still to be written upstream. */
    private ByteBuffer up;
    /** Undertow to client, in read mode. */
    private final ByteBuffer down = ByteBuffer.allocate(BUFFER).flip();
    private boolean connecting;
    private boolean clientDone;
    private boolean upstreamDone;
    private boolean closed;

    /** {@code pending}: what the client sent that is not answered yet, in read mode. */
    Relay(LaneLoop loop, SocketChannel client, SelectionKey clientKey, ByteBuffer pending, InetSocketAddress undertow)
            throws IOException {
        this.client = client;
        this.clientKey = clientKey;
        this.up = pending;
        this.upstream = SocketChannel.open();
        try {
            upstream.configureBlocking(false);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            clientKey.interestOps(0);
            connecting = !upstream.connect(undertow);
            upstreamKey = loop.register(upstream, connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, this);
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
        if (!connecting) {
            started();
        }
    }

    private void started() {
        LaneLoop.interest(clientKey, SelectionKey.OP_READ, true);
        drainUp();
    }

    /** Undertow's side is ready. */
    @Override
    public void ready(SelectionKey key) {
        try {
            if (connecting) {
                if (key.isConnectable()) {
                    upstream.finishConnect();
                    connecting = false;
                    key.interestOps(SelectionKey.OP_READ);
                    started();
                }
                return;
            }
            if (key.isWritable()) {
                drainUp();
            }
            if (!closed && key.isValid() && key.isReadable()) {
                fromUpstream();
            }
        } catch (IOException e) {
            abandon();
        }
    }

    /** The client's side is ready. */
    void clientReady(SelectionKey key) {
        try {
            if (key.isWritable()) {
                drainDown();
            }
            if (!closed && key.isValid() && key.isReadable()) {
                fromClient();
            }
        } catch (IOException e) {
            abandon();
        }
    }

    private void fromClient() throws IOException {
        if (up.capacity() - up.remaining() < 1024) {
            up = ByteBuffer.allocate(Math.max(BUFFER, up.remaining() * 2)).put(up).flip();
        }
        up.compact();
        int n = client.read(up);
        up.flip();
        if (n < 0) {
            clientDone = true;
            LaneLoop.interest(clientKey, SelectionKey.OP_READ, false);
        }
        drainUp();
    }

    private void drainUp() {
        try {
            if (up.hasRemaining()) {
                upstream.write(up);
            }
            boolean pending = up.hasRemaining();
            LaneLoop.interest(upstreamKey, SelectionKey.OP_WRITE, pending);
            LaneLoop.interest(clientKey, SelectionKey.OP_READ, !pending && !clientDone);
            if (!pending && clientDone) {
                upstream.shutdownOutput();
                closeIfDone();
            }
        } catch (IOException e) {
            abandon();
        }
    }

    private void fromUpstream() throws IOException {
        down.compact();
        int n = upstream.read(down);
        down.flip();
        if (n < 0) {
            upstreamDone = true;
            LaneLoop.interest(upstreamKey, SelectionKey.OP_READ, false);
        }
        drainDown();
    }

    private void drainDown() throws IOException {
        if (down.hasRemaining()) {
            client.write(down);
        }
        boolean pending = down.hasRemaining();
        LaneLoop.interest(clientKey, SelectionKey.OP_WRITE, pending);
        LaneLoop.interest(upstreamKey, SelectionKey.OP_READ, !pending && !upstreamDone);
        if (!pending && upstreamDone) {
            client.shutdownOutput();
            closeIfDone();
        }
    }

    private void closeIfDone() {
        if (clientDone && upstreamDone && !up.hasRemaining() && !down.hasRemaining()) {
            abandon();
        }
    }

    @Override
    public void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        clientKey.cancel();
        if (upstreamKey != null) {
            upstreamKey.cancel();
        }
        for (SocketChannel each : new SocketChannel[] {client, upstream}) {
            try {
                each.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
