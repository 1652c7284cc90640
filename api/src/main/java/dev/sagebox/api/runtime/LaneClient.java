package dev.sagebox.api.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the API port, read by a lane loop. Each request's head is read here; an InvokeEndpoint
 * the lane serves ({@link LaneInvocations#admissibleLength}) is read whole and handed to an invocation, which answers
 * through {@link #respond}; the first request it does not serve turns the connection into a {@link Relay} to
 * Undertow, starting with that request's bytes. Reads stay on while an invocation is in flight (a pipelined request
 * just waits in the buffer), so the interest set does not change per request.
 */
final class LaneClient implements LaneLoop.Ready, LaneLoop.Deadline {
    private static final Logger LOG = LoggerFactory.getLogger(LaneClient.class);
    private static final int BUFFER = 16 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final LaneLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final LaneInvocations invocations;
    private final InetSocketAddress undertow;
    private final long bodyTimeoutNanos;
    /** What the client sent, in write mode: {@code [start, position)} is not answered yet. */
    private ByteBuffer in = ByteBuffer.allocate(BUFFER);
    private int start;
    private HttpHead head;
    private int headEnd;
    private int requestLength;
    private long readingSince;
    private boolean busy;
    private boolean inputDone;
    private boolean closeAfter;
    private ByteBuffer[] out;
    private Relay relay;
    private boolean closed;

    LaneClient(LaneLoop loop, SocketChannel channel, LaneInvocations invocations, InetSocketAddress undertow,
            long bodyTimeoutNanos) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.invocations = invocations;
        this.undertow = undertow;
        this.bodyTimeoutNanos = bodyTimeoutNanos;
        this.key = loop.register(channel, SelectionKey.OP_READ, this);
        loop.watch(this);
    }

    LaneLoop loop() {
        return loop;
    }

    @Override
    public void ready(SelectionKey key) {
        if (relay != null) {
            relay.clientReady(key);
            return;
        }
        if (key.isWritable() && out != null) {
            flush();
        }
        if (!closed && relay == null && key.isValid() && key.isReadable()) {
            read();
        }
    }

    private void read() {
        if (!in.hasRemaining()) {
            if (busy) {
                // A pipelined request filled the buffer: it waits until the invocation in flight is answered.
                LaneLoop.interest(key, SelectionKey.OP_READ, false);
                return;
            }
            compactOrGrow(in.capacity() * 2);
        }
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            abandon();
            return;
        }
        if (n < 0) {
            inputDone = true;
            LaneLoop.interest(key, SelectionKey.OP_READ, false);
            if (!busy) {
                abandon();
            }
            return;
        }
        if (!busy) {
            next();
        }
    }

    /** Reads the next request from the buffer as far as it has come, and starts it once it is whole. */
    private void next() {
        if (head == null) {
            int filled = in.position();
            if (filled == start) {
                start = 0;
                in = in.capacity() > BUFFER ? ByteBuffer.allocate(BUFFER) : in.clear();
                readingSince = 0;
                return;
            }
            if (readingSince == 0) {
                readingSince = System.nanoTime();
            }
            int end = HttpHead.end(in.array(), start, filled);
            if (end < 0) {
                if (filled - start > HttpHead.MAX_HEAD) {
                    passOn();
                }
                return;
            }
            head = HttpHead.parse(in.array(), start, end);
            long length = head == null ? -1 : invocations.admissibleLength(head);
            if (length < 0) {
                passOn();
                return;
            }
            headEnd = end;
            requestLength = end - start + (int) length;
            closeAfter = head.connectionHas("close");
            if (in.position() - start < requestLength && head.first("Expect") != null && !sendContinue()) {
                return;
            }
        }
        if (in.position() - start < requestLength) {
            if (start + requestLength > in.capacity()) {
                compactOrGrow(requestLength);
            }
            return;
        }
        byte[] body = Arrays.copyOfRange(in.array(), headEnd, start + requestLength);
        long arrived = readingSince;
        busy = true;
        if (!invocations.invoke(this, head, body, arrived)) {
            busy = false;
            passOn();
        }
    }

    /** Tells a client that waits for it before sending the body to go on; false when the connection is gone. */
    private boolean sendContinue() {
        ByteBuffer interim = ByteBuffer.wrap(CONTINUE);
        try {
            channel.write(interim);
        } catch (IOException e) {
            abandon();
            return false;
        }
        if (interim.hasRemaining()) {
            // Nothing else is being written, so the socket's buffer cannot be full: the client is not reading at all.
            abandon();
            return false;
        }
        return true;
    }

    /** Writes an invocation's answer; the next request is read once it is out. Called on the loop's thread. */
    void respond(ByteBuffer... response) {
        if (closed) {
            return;
        }
        start += requestLength;
        head = null;
        readingSince = 0;
        out = response;
        flush();
    }

    private void flush() {
        try {
            channel.write(out);
        } catch (IOException e) {
            abandon();
            return;
        }
        boolean pending = out[out.length - 1].hasRemaining();
        LaneLoop.interest(key, SelectionKey.OP_WRITE, pending);
        if (pending) {
            return;
        }
        out = null;
        busy = false;
        if (closeAfter || inputDone) {
            abandon();
            return;
        }
        LaneLoop.interest(key, SelectionKey.OP_READ, true);
        next();
    }

    /** Moves the unanswered bytes to the front, into a buffer of at least {@code capacity} bytes. */
    private void compactOrGrow(int capacity) {
        int pending = in.position() - start;
        ByteBuffer target = capacity > in.capacity() ? ByteBuffer.allocate(capacity) : in;
        System.arraycopy(in.array(), start, target.array(), 0, pending);
        target.position(pending);
        headEnd -= start;
        start = 0;
        in = target;
    }

    /** Hands this connection, from the current request on, to Undertow. */
    private void passOn() {
        head = null;
        ByteBuffer pending = ByteBuffer.wrap(in.array(), start, in.position() - start);
        loop.countPassedOn();
        try {
            relay = new Relay(loop, channel, key, pending, undertow);
        } catch (IOException e) {
            LOG.warn("cannot pass a connection on to {}: {}", undertow, e.toString());
            abandon();
        }
    }

    @Override
    public boolean check(long nowNanos) {
        if (closed || relay != null) {
            return true;
        }
        if (!busy && readingSince != 0 && nowNanos - readingSince > bodyTimeoutNanos) {
            // A request that stalls part way: the connection goes, as Undertow's read timeout would end it.
            abandon();
            return true;
        }
        return false;
    }

    @Override
    public void abandon() {
        if (relay != null) {
            relay.abandon();
        }
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
