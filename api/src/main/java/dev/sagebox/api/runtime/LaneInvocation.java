package dev.sagebox.api.runtime;

import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One invocation in the lane, on its way through the containers of the chosen instance (primary first, then each
 * supplemental container with the previous one's answer) and back to its client, all on the client's lane loop. As
 * {@link Invocation} does for Undertow: a refused connection is retried once on another instance of the variant, a
 * pooled connection the container had closed is retried once on a fresh one, and the whole invocation has the
 * endpoint's timeout.
 */
final class LaneInvocation extends TimedInvocation implements ContainerLink.Exchange, LaneLoop.Deadline {
    private final LaneInvocations lane;
    private final LaneClient client;
    private final LaneLoop loop;
    private final String accept;
    private final String customAttributes;
    private final boolean close;
    private final long deadlineNanos;
    private Route route;
    private int hop;
    private byte[] payload;
    private String payloadType;
    private boolean finished;
    private boolean retriedInstance;
    private boolean retriedStale;
    private ContainerLink link;

    LaneInvocation(LaneInvocations lane, LaneClient client, Route route, HttpHead head, byte[] body,
            long arrivedNanos) {
        super(arrivedNanos);
        this.lane = lane;
        this.client = client;
        this.loop = client.loop();
        this.route = route;
        this.payload = body;
        this.payloadType = head.first("Content-Type");
        this.accept = head.first("Accept");
        this.customAttributes = head.first(InvocationLane.CUSTOM_ATTRIBUTES);
        this.close = head.connectionHas("close");
        this.deadlineNanos = System.nanoTime() + lane.timeoutNanos();
    }

    void start() {
        loop.watch(this);
        send(false);
    }

    private void send(boolean fresh) {
        URI address = route.hops().get(hop);
        ContainerLink pooled = fresh ? null : loop.containers().acquire(address);
        if (pooled != null) {
            connected(pooled, true);
        } else {
            ContainerLink.open(loop, address, this);
        }
    }

    @Override
    public void connected(ContainerLink connection, boolean reused) {
        if (finished) {
            loop.containers().release(connection);
            return;
        }
        link = connection;
        hopStarted();
        StringBuilder head = new StringBuilder(192).append("POST /invocations HTTP/1.1\r\nHost: ")
                .append(connection.hostHeader()).append("\r\nContent-Length: ").append(payload.length).append("\r\n");
        if (payloadType != null) {
            head.append("Content-Type: ").append(payloadType).append("\r\n");
        }
        if (accept != null) {
            head.append("Accept: ").append(accept).append("\r\n");
        }
        if (customAttributes != null) {
            head.append(InvocationLane.CUSTOM_ATTRIBUTES).append(": ").append(customAttributes).append("\r\n");
        }
        head.append("\r\n");
        connection.send(this, reused, new ByteBuffer[] {
            ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)), ByteBuffer.wrap(payload)});
    }

    @Override
    public void connectFailed(IOException e) {
        if (finished) {
            return;
        }
        if (hop == 0 && !retriedInstance) {
            retriedInstance = true;
            Optional<Route> other = lane.router().retry(route);
            if (other.isPresent()) {
                route = other.get();
                send(false);
                return;
            }
        }
        fail(InvocationFailure.UNREACHABLE, lane.errors().unreachable(route, hop, e.getMessage()));
    }

    @Override
    public void answered(int status, String contentType, String attributes, byte[] body) {
        link = null;
        if (finished) {
            return;
        }
        hopEnded();
        if (status < 200 || status > 299) {
            fail(status >= 500 ? InvocationFailure.MODEL_5XX : InvocationFailure.MODEL_4XX,
                    lane.errors().answered(route, hop, status, new String(body, StandardCharsets.UTF_8)));
            return;
        }
        if (hop + 1 < route.hops().size()) {
            hop++;
            payload = body;
            payloadType = contentType;
            retriedStale = false;
            send(false);
            return;
        }
        finish();
        meterAnswered(route);
        client.respond(lane.answer(contentType, route.variantName(), attributes, body, close));
    }

    @Override
    public void broke(IOException e, boolean stale) {
        link = null;
        if (finished) {
            return;
        }
        if (stale && !retriedStale) {
            // The container closed a kept-alive connection while it sat in the pool; it never saw this request.
            retriedStale = true;
            send(true);
            return;
        }
        fail(InvocationFailure.UNREACHABLE, lane.errors().connectionFailed(route, hop, e.getMessage()));
    }

    @Override
    public void tooLarge(int status) {
        link = null;
        if (!finished) {
            fail(InvocationFailure.MODEL_5XX, lane.errors().tooLarge(route, hop, status));
        }
    }

    @Override
    public boolean check(long nowNanos) {
        if (finished) {
            return true;
        }
        if (nowNanos - deadlineNanos < 0) {
            return false;
        }
        if (link != null) {
            link.abort();
            link = null;
        }
        fail(InvocationFailure.TIMEOUT, lane.errors().timedOut(route, hop));
        return true;
    }

    private void fail(InvocationFailure failure, SageboxException error) {
        finish();
        meterFailed(route, failure);
        client.respond(lane.error(error, close));
    }

    private void finish() {
        finished = true;
        route.release();
    }
}
