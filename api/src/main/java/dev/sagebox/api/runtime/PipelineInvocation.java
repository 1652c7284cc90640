package dev.sagebox.api.runtime;

import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One invocation's way through the containers of the chosen instance, its inference pipeline (of one container, or
 * primary first and then each supplemental container with the previous one's answer), whatever carries it: what both
 * invocation paths (Undertow's {@link Invocation} and the lane's {@link LaneInvocation}) decide alike. A refused
 * connection is retried once on another instance of the variant, a pooled connection the container had closed is
 * retried once on a fresh one, a container's non-2xx answer is the model's error, and each end is metered: the time
 * spent in the containers, hop by hop, and the rest since the request arrived, Sagebox's overhead. A base class
 * rather than a helper object, so an invocation costs no allocation for it. Not thread-safe: each path keeps an
 * invocation on one thread.
 */
abstract class PipelineInvocation {
    private final EndpointRouter router;
    private final InvocationErrors errors;
    private final long arrivedNanos;
    /** When the current hop's request started on its way to the container; 0 between hops. */
    private long hopStartNanos;
    private long modelNanos;
    private Route route;
    private int hop;
    private byte[] payload;
    private String payloadType;
    private boolean finished;
    private boolean retriedInstance;
    private boolean retriedStale;

    PipelineInvocation(EndpointRouter router, InvocationErrors errors, Route route, byte[] body, String contentType,
            long arrivedNanos) {
        this.router = router;
        this.errors = errors;
        this.route = route;
        this.payload = body;
        this.payloadType = contentType;
        this.arrivedNanos = arrivedNanos;
    }

    /** Sends the current payload to the current hop's container, on a pooled connection unless {@code fresh}. */
    abstract void send(boolean fresh);

    /** Answers the client with the last container's 200, served by {@code variantName}. */
    abstract void respond(String variantName, String contentType, String customAttributes, byte[] body);

    /** Answers the client with {@code error}. */
    abstract void respondError(SageboxException error);

    /** Lets go of what the path holds for the invocation (a timer, say) once it has ended. */
    void ended() {
    }

    final URI hopAddress() {
        return route.hops().get(hop);
    }

    final byte[] payload() {
        return payload;
    }

    final String payloadType() {
        return payloadType;
    }

    final boolean finished() {
        return finished;
    }

    /** The current hop's request is on its way to the container. */
    final void hopStarted() {
        hopStartNanos = System.nanoTime();
    }

    /** Adds the time since the current hop's request left to the model's time (once per hop). */
    final void hopEnded() {
        if (hopStartNanos != 0) {
            modelNanos += System.nanoTime() - hopStartNanos;
            hopStartNanos = 0;
        }
    }

    /** No connection to the hop's container: on the first hop, another instance once; else unreachable. */
    final void hopRefused(IOException e) {
        if (finished) {
            return;
        }
        if (hop == 0 && !retriedInstance) {
            retriedInstance = true;
            Optional<Route> other = router.retry(route);
            if (other.isPresent()) {
                route = other.get();
                send(false);
                return;
            }
        }
        fail(InvocationFailure.UNREACHABLE, errors.unreachable(route, hop, e.getMessage()));
    }

    /**
     * The connection broke during the hop's exchange; {@code stale} when it was a pooled one the container had
     * closed before this request reached it, which is retried once on a fresh connection.
     */
    final void hopBroke(IOException e, boolean stale) {
        if (finished) {
            return;
        }
        if (stale && !retriedStale) {
            retriedStale = true;
            send(true);
            return;
        }
        fail(InvocationFailure.UNREACHABLE, errors.connectionFailed(route, hop, e.getMessage()));
    }

    /** The hop's container answered: the model's error, the next hop's payload, or the client's answer. */
    final void hopAnswered(int status, String contentType, String customAttributes, byte[] body) {
        if (finished) {
            return;
        }
        hopEnded();
        if (status < 200 || status > 299) {
            fail(status >= 500 ? InvocationFailure.MODEL_5XX : InvocationFailure.MODEL_4XX,
                    errors.answered(route, hop, status, new String(body, StandardCharsets.UTF_8)));
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
        route.meter().answered(modelNanos, overheadNanos());
        respond(route.variantName(), contentType, customAttributes, body);
    }

    /** The hop's container answered more than an invocation may return. */
    final void hopTooLarge(int status) {
        if (!finished) {
            fail(InvocationFailure.MODEL_5XX, errors.tooLarge(route, hop, status));
        }
    }

    /** The endpoint's invocation timeout passed (the path has given up the hop's connection). */
    final void timedOut() {
        if (!finished) {
            fail(InvocationFailure.TIMEOUT, errors.timedOut(route, hop));
        }
    }

    private void fail(InvocationFailure failure, SageboxException error) {
        finish();
        hopEnded();
        route.meter().failed(failure, modelNanos, overheadNanos());
        respondError(error);
    }

    private void finish() {
        finished = true;
        route.release();
        ended();
    }

    private long overheadNanos() {
        return Math.max(0, System.nanoTime() - arrivedNanos - modelNanos);
    }
}
