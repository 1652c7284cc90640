package dev.sagebox.api.runtime;

import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One invocation in the lane, on its way through the containers of the chosen instance and back to its client, all
 * on the client's lane loop: the exchanges with the containers over {@link ContainerLink}s, the endpoint's timeout
 * checked by the loop, and the answers written by the client. What it decides, it decides as {@link Invocation} does
 * for Undertow ({@link PipelineInvocation}).
 */
final class LaneInvocation extends PipelineInvocation implements ContainerLink.Exchange, LaneLoop.Deadline {
    private final LaneInvocations lane;
    private final LaneClient client;
    private final LaneLoop loop;
    private final String accept;
    private final String customAttributes;
    private final boolean close;
    private final long deadlineNanos;
    private ContainerLink link;

    LaneInvocation(LaneInvocations lane, LaneClient client, Route route, HttpHead head, byte[] body,
            long arrivedNanos) {
        super(lane.router(), lane.errors(), route, body, head.first("Content-Type"), arrivedNanos);
        this.lane = lane;
        this.client = client;
        this.loop = client.loop();
        this.accept = head.first("Accept");
        this.customAttributes = head.first(InvocationLane.CUSTOM_ATTRIBUTES);
        this.close = head.connectionHas("close");
        this.deadlineNanos = System.nanoTime() + lane.timeoutNanos();
    }

    void start() {
        loop.watch(this);
        send(false);
    }

    @Override
    void send(boolean fresh) {
        URI address = hopAddress();
        ContainerLink pooled = fresh ? null : loop.containers().acquire(address);
        if (pooled != null) {
            connected(pooled, true);
        } else {
            ContainerLink.open(loop, address, this);
        }
    }

    @Override
    public void connected(ContainerLink connection, boolean reused) {
        if (finished()) {
            loop.containers().release(connection);
            return;
        }
        link = connection;
        hopStarted();
        byte[] payload = payload();
        String payloadType = payloadType();
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
        hopRefused(e);
    }

    @Override
    public void answered(int status, String contentType, String attributes, byte[] body) {
        link = null;
        hopAnswered(status, contentType, attributes, body);
    }

    @Override
    public void broke(IOException e, boolean stale) {
        link = null;
        hopBroke(e, stale);
    }

    @Override
    public void tooLarge(int status) {
        link = null;
        hopTooLarge(status);
    }

    @Override
    public boolean check(long nowNanos) {
        if (finished()) {
            return true;
        }
        if (nowNanos - deadlineNanos < 0) {
            return false;
        }
        if (link != null) {
            link.abort();
            link = null;
        }
        timedOut();
        return true;
    }

    @Override
    void respond(String variantName, String contentType, String attributes, byte[] body) {
        client.respond(lane.answer(contentType, variantName, attributes, body, close));
    }

    @Override
    void respondError(SageboxException error) {
        client.respond(lane.error(error, close));
    }
}
