package dev.sagebox.hosting;

/**
 * Counts and times the invocations of one endpoint variant (Prometheus, CloudWatch's AWS/SageMaker metrics). One
 * object per variant, held by the routing table, so recording an invocation looks nothing up and must allocate
 * nothing: it runs on the router's hot path.
 */
public interface InvocationMeter {
    /** Records nothing. */
    InvocationMeter NONE = new InvocationMeter() {
        @Override
        public void answered(long modelNanos, long overheadNanos) {
        }

        @Override
        public void failed(InvocationFailure failure, long modelNanos, long overheadNanos) {
        }
    };

    /**
     * An invocation the containers answered with 2xx: {@code modelNanos} spent waiting for the containers (every
     * hop), {@code overheadNanos} spent in Sagebox (from the request's arrival to the answer, less the model's time).
     */
    void answered(long modelNanos, long overheadNanos);

    /** An invocation that was routed to this variant and ended in {@code failure}; the times as in {@link #answered}. */
    void failed(InvocationFailure failure, long modelNanos, long overheadNanos);
}
