package dev.sagebox.api.runtime;

import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.Route;

/**
 * What both invocation paths (Undertow's and the lane's) measure: the time spent in the containers, hop by hop, and
 * the rest since the request arrived, Sagebox's overhead; handed to the variant's meter when the invocation ends.
 * A base class rather than a helper object, so metering costs an invocation no allocation.
 */
abstract class TimedInvocation {
    private final long arrivedNanos;
    /** When the current hop's request started on its way to the container; 0 between hops. */
    private long hopStartNanos;
    private long modelNanos;

    TimedInvocation(long arrivedNanos) {
        this.arrivedNanos = arrivedNanos;
    }

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

    final void meterAnswered(Route route) {
        route.meter().answered(modelNanos, overheadNanos());
    }

    final void meterFailed(Route route, InvocationFailure failure) {
        hopEnded();
        route.meter().failed(failure, modelNanos, overheadNanos());
    }

    private long overheadNanos() {
        return Math.max(0, System.nanoTime() - arrivedNanos - modelNanos);
    }
}
