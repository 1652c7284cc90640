package dev.sagebox.api.http;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Receives a request body on the connection's I/O thread without blocking, so a client that declares a body and then
 * stalls holds a connection, never a worker thread; a body that has not fully arrived within the read timeout closes
 * its connection. The timer is only set when the body did not come with the headers, which is the usual case for the
 * SDKs and keeps it off the common path.
 */
public final class BodyReceiver {
    private final Duration readTimeout;

    public BodyReceiver(Duration readTimeout) {
        if (readTimeout.isZero() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("the body read timeout must be positive, not " + readTimeout);
        }
        this.readTimeout = readTimeout;
    }

    /** What happens once the whole body is in: called on the I/O thread, must not block. */
    @FunctionalInterface
    public interface Received {
        void accept(HttpServerExchange exchange, byte[] body);
    }

    /** What happens when the body was larger than the limit: called on the I/O thread, must not block. */
    @FunctionalInterface
    public interface TooLarge {
        void refuse(HttpServerExchange exchange);
    }

    /**
     * Reads the whole body, at most {@code limit} bytes, then calls {@code received}. A longer body calls
     * {@code tooLarge} with the connection marked to close (the rest is not read); a body cut short or timed out ends
     * the exchange with its connection.
     */
    public void receive(HttpServerExchange exchange, int limit, Received received, TooLarge tooLarge) {
        Deadline deadline = new Deadline();
        Receiver receiver = exchange.getRequestReceiver();
        if (exchange.getRequestContentLength() > limit) {
            drainThenRefuse(exchange, receiver, deadline, tooLarge);
            return;
        }
        receiver.setMaxBufferSize(limit);
        receiver.receiveFullBytes((ex, body) -> {
            deadline.arrived();
            received.accept(ex, body);
        }, (ex, failure) -> {
            deadline.arrived();
            if (failure instanceof RequestTooBigException && ex.getConnection().isOpen()) {
                // Unread bytes of the refused body would be taken for the next request; this connection ends here.
                ex.setPersistent(false);
                tooLarge.refuse(ex);
            } else {
                IoUtils.safeClose(ex.getConnection());
                ex.endExchange();
            }
        });
        deadline.start(exchange, readTimeout);
    }

    /**
     * Reads and drops a body declared too large, then refuses it: answered only once the upload is in, the client
     * reads the error instead of a broken pipe, and its kept-alive connection stays in step. Undertow's own entity
     * limit (8 MiB) cuts longer bodies, and the read timeout stalled ones.
     */
    private void drainThenRefuse(HttpServerExchange exchange, Receiver receiver, Deadline deadline,
            TooLarge tooLarge) {
        receiver.receivePartialBytes((ex, chunk, last) -> {
            if (last) {
                deadline.arrived();
                tooLarge.refuse(ex);
            }
        }, (ex, failure) -> {
            deadline.arrived();
            IoUtils.safeClose(ex.getConnection());
            ex.endExchange();
        });
        deadline.start(exchange, readTimeout);
    }

    /** The read timer of one body; only touched on the connection's I/O thread, so it needs no locking. */
    private static final class Deadline {
        private boolean arrived;
        private XnioExecutor.Key timer;

        void start(HttpServerExchange exchange, Duration timeout) {
            if (!arrived) {
                timer = exchange.getIoThread().executeAfter(() -> IoUtils.safeClose(exchange.getConnection()),
                        timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void arrived() {
            arrived = true;
            if (timer != null) {
                timer.remove();
                timer = null;
            }
        }
    }
}
