package dev.sagebox.api.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection of a lane loop to an inference container: it writes an invocation's request
 * and reads the container's answer (with a {@code Content-Length}, chunked, or up to the end of the stream), then
 * goes back to its loop's {@link ContainerPool} when the connection can be used again. Reads stay on for its whole
 * life, so a container closing it while idle is seen at once; one read per readiness event, as a relay would.
 */
final class ContainerLink implements LaneLoop.Ready {
    /** The invocation a link works for, told what happened. */
    interface Exchange {
        /** A connection is ready for the request; {@code reused}: it came from the pool. */
        void connected(ContainerLink link, boolean reused);

        void connectFailed(IOException e);

        /** The container's whole answer. */
        void answered(int status, String contentType, String customAttributes, byte[] body);

        /**
         * The connection broke. {@code stale}: a pooled connection that gave no byte of an answer, which the container
         * had most likely closed while it sat in the pool, so the request can be sent again on a fresh one.
         */
        void broke(IOException e, boolean stale);

        /** The answer is longer than an invocation returns. */
        void tooLarge(int status);
    }

    private static final int BUFFER = 16 * 1024;
    /** The answer's bytes as they come: the largest body, a head and the framing of a chunked one. */
    private static final int MAX_RAW = InvocationErrors.MAX_RESPONSE_BYTES + HttpHead.MAX_HEAD + 256 * 1024;

    private final LaneLoop loop;
    private final URI address;
    private final String hostHeader;
    private final SocketChannel channel;
    private SelectionKey key;
    private Exchange exchange;
    private boolean connecting;
    private boolean reused;
    private boolean closed;
    private ByteBuffer in = ByteBuffer.allocate(BUFFER);
    private ByteBuffer[] out;
    private HttpHead head;
    private int headEnd;
    private int status;
    private long length;
    private boolean chunked;
    private int nextChunk;
    private ByteArrayOutputStream chunks;
    private boolean keepAlive;

    private ContainerLink(LaneLoop loop, URI address, SocketChannel channel) {
        this.loop = loop;
        this.address = address;
        this.hostHeader = address.getHost() + ":" + address.getPort();
        this.channel = channel;
    }

    /** Opens a connection to {@code address}; {@code exchange} hears when it is ready or failed. */
    static void open(LaneLoop loop, URI address, Exchange exchange) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ContainerLink link = new ContainerLink(loop, address, channel);
            boolean done = channel.connect(new InetSocketAddress(address.getHost(), address.getPort()));
            link.key = loop.register(channel, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, link);
            if (done) {
                exchange.connected(link, false);
            } else {
                link.connecting = true;
                link.exchange = exchange;
            }
        } catch (IOException e) {
            closeQuietly(channel);
            exchange.connectFailed(e);
        }
    }

    URI address() {
        return address;
    }

    /** {@code host:port}, for the request's {@code Host} field. */
    String hostHeader() {
        return hostHeader;
    }

    /** Sends {@code request} (head and body) for {@code exchange}, which then hears of the answer. */
    void send(Exchange exchange, boolean reused, ByteBuffer[] request) {
        this.exchange = exchange;
        this.reused = reused;
        this.out = request;
        writeOut();
    }

    /** Gives up the exchange (its invocation timed out): the connection closes, since an answer may still come. */
    void abort() {
        exchange = null;
        close();
    }

    @Override
    public void ready(SelectionKey key) {
        if (connecting) {
            if (key.isConnectable()) {
                connected();
            }
            return;
        }
        if (key.isWritable() && out != null) {
            writeOut();
        }
        if (key.isValid() && key.isReadable()) {
            read();
        }
    }

    private void connected() {
        Exchange waiting = exchange;
        exchange = null;
        connecting = false;
        try {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            close();
            waiting.connectFailed(e);
            return;
        }
        waiting.connected(this, false);
    }

    private void writeOut() {
        try {
            channel.write(out);
        } catch (IOException e) {
            broke(e);
            return;
        }
        boolean pending = out[out.length - 1].hasRemaining();
        if (!pending) {
            out = null;
        }
        LaneLoop.interest(key, SelectionKey.OP_WRITE, pending);
    }

    private void read() {
        if (!in.hasRemaining() && !grow()) {
            tooLarge();
            return;
        }
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            broke(e);
            return;
        }
        if (exchange == null) {
            // Idle: the container closed the connection (or said something unasked); it is of no more use.
            loop.containers().remove(this);
            close();
            return;
        }
        if (n < 0) {
            endOfStream();
        } else if (n > 0) {
            parse();
        }
    }

    private boolean grow() {
        if (in.capacity() >= MAX_RAW) {
            return false;
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(MAX_RAW, 2L * in.capacity()));
        in.flip();
        bigger.put(in);
        in = bigger;
        return true;
    }

    private void parse() {
        byte[] b = in.array();
        int filled = in.position();
        while (head == null) {
            int end = HttpHead.end(b, 0, filled);
            if (end < 0) {
                if (filled > HttpHead.MAX_HEAD) {
                    broke(new IOException("the container's answer has no valid HTTP head"));
                }
                return;
            }
            HttpHead h = HttpHead.parse(b, 0, end);
            int code = h == null ? -1 : statusOf(h.startLine());
            if (code < 0) {
                broke(new IOException("the container's answer has no valid HTTP head"));
                return;
            }
            if (code < 200) {
                // An interim answer (100 Continue): dropped, the real one follows.
                System.arraycopy(b, end, b, 0, filled - end);
                in.position(filled - end);
                filled -= end;
                continue;
            }
            if (!begin(h, code, end)) {
                return;
            }
        }
        if (length >= 0) {
            if (filled - headEnd >= length) {
                complete(Arrays.copyOfRange(b, headEnd, headEnd + (int) length), headEnd + (int) length);
            }
        } else if (chunked) {
            readChunks(b, filled);
        } else if (filled - headEnd > InvocationErrors.MAX_RESPONSE_BYTES) {
            tooLarge();
        }
    }

    /** Takes in the answer's head; false when the answer cannot be read any further. */
    private boolean begin(HttpHead h, int code, int end) {
        head = h;
        headEnd = end;
        status = code;
        keepAlive = h.startLine().startsWith("HTTP/1.1") ? !h.connectionHas("close") : h.connectionHas("keep-alive");
        String coding = h.first("Transfer-Encoding");
        length = -1;
        if (code == 204 || code == 304) {
            length = 0;
        } else if (coding != null) {
            if (!coding.regionMatches(true, Math.max(0, coding.length() - 7), "chunked", 0, 7)) {
                keepAlive = false; // read to the end of the stream
            } else {
                chunked = true;
                nextChunk = end;
                chunks = new ByteArrayOutputStream();
            }
        } else if (h.first("Content-Length") != null) {
            length = h.contentLength();
            if (length < 0) {
                broke(new IOException("the container's answer has an invalid Content-Length"));
                return false;
            }
            if (length > InvocationErrors.MAX_RESPONSE_BYTES) {
                tooLarge();
                return false;
            }
        } else {
            keepAlive = false; // read to the end of the stream
        }
        return true;
    }

    private void readChunks(byte[] b, int filled) {
        while (true) {
            int lineEnd = -1;
            for (int i = nextChunk; i + 1 < filled; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    lineEnd = i;
                    break;
                }
            }
            if (lineEnd < 0) {
                return;
            }
            long size = chunkSize(b, nextChunk, lineEnd);
            if (size < 0) {
                broke(new IOException("the container's chunked answer is malformed"));
                return;
            }
            if (size == 0) {
                int end = HttpHead.end(b, lineEnd, filled);
                if (end >= 0) {
                    complete(chunks.toByteArray(), end);
                }
                return;
            }
            if (chunks.size() + size > InvocationErrors.MAX_RESPONSE_BYTES) {
                tooLarge();
                return;
            }
            int data = lineEnd + 2;
            if (filled < data + size + 2) {
                return;
            }
            chunks.write(b, data, (int) size);
            nextChunk = data + (int) size + 2;
        }
    }

    /** The hexadecimal size before any chunk extension, or -1. */
    private static long chunkSize(byte[] b, int from, int to) {
        long size = 0;
        int digits = 0;
        for (int i = from; i < to && b[i] != ';' && b[i] != ' ' && b[i] != '\t'; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0 || ++digits > 8) {
                return -1;
            }
            size = size * 16 + d;
        }
        return digits == 0 ? -1 : size;
    }

    private static int statusOf(String startLine) {
        if (!startLine.startsWith("HTTP/1.") || startLine.length() < 12 || startLine.charAt(8) != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = startLine.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    private void endOfStream() {
        if (head != null && length < 0 && !chunked) {
            int filled = in.position();
            keepAlive = false;
            complete(Arrays.copyOfRange(in.array(), headEnd, filled), filled);
            return;
        }
        broke(new IOException("the container closed the connection"));
    }

    private void complete(byte[] body, int consumed) {
        boolean reusable = keepAlive && consumed == in.position() && out == null;
        Exchange answered = exchange;
        String type = head.first("Content-Type");
        String attributes = head.first(InvocationLane.CUSTOM_ATTRIBUTES);
        int code = status;
        resetAnswer();
        if (reusable) {
            loop.containers().release(this);
        } else {
            close();
        }
        answered.answered(code, type, attributes, body);
    }

    private void resetAnswer() {
        exchange = null;
        out = null;
        head = null;
        chunked = false;
        chunks = null;
        length = -1;
        if (in.capacity() > BUFFER) {
            in = ByteBuffer.allocate(BUFFER);
        } else {
            in.clear();
        }
    }

    private void tooLarge() {
        Exchange refused = exchange;
        int code = status;
        exchange = null;
        close();
        if (refused != null) {
            refused.tooLarge(code);
        }
    }

    private void broke(IOException e) {
        Exchange broken = exchange;
        boolean stale = reused && head == null && in.position() == 0;
        exchange = null;
        if (broken == null) {
            loop.containers().remove(this);
        }
        close();
        if (broken != null) {
            broken.broke(e, stale);
        }
    }

    @Override
    public void abandon() {
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
        }
    }
}
