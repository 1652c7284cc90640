package dev.sagebox.hosting;

/**
 * Where the router gets each variant's {@link InvocationMeter}: asked when a routing table is published (rarely), so
 * implementations may look up or create; the same endpoint and variant must give the same meter every time.
 */
@FunctionalInterface
public interface InvocationMeters {
    /** Records nothing. */
    InvocationMeters NONE = (endpointName, variantName) -> InvocationMeter.NONE;

    InvocationMeter meter(String endpointName, String variantName);

    /**
     * An invocation of an endpoint in service that Sagebox refused before it was routed to a variant (an unknown
     * target variant, no instance able to take it, a payload over the limit), answered with {@code httpStatus}.
     */
    default void refused(String endpointName, int httpStatus) {
    }

    /** The endpoint was deleted: meters kept for it only may go (series of a deleted endpoint stop being shown). */
    default void forget(String endpointName) {
    }

    /** Both {@code this} and {@code other} record every invocation. */
    default InvocationMeters and(InvocationMeters other) {
        InvocationMeters self = this;
        return new InvocationMeters() {
            @Override
            public InvocationMeter meter(String endpointName, String variantName) {
                return both(self.meter(endpointName, variantName), other.meter(endpointName, variantName));
            }

            @Override
            public void refused(String endpointName, int httpStatus) {
                self.refused(endpointName, httpStatus);
                other.refused(endpointName, httpStatus);
            }

            @Override
            public void forget(String endpointName) {
                self.forget(endpointName);
                other.forget(endpointName);
            }
        };
    }

    private static InvocationMeter both(InvocationMeter first, InvocationMeter second) {
        return new InvocationMeter() {
            @Override
            public void answered(long modelNanos, long overheadNanos) {
                first.answered(modelNanos, overheadNanos);
                second.answered(modelNanos, overheadNanos);
            }

            @Override
            public void failed(InvocationFailure failure, long modelNanos, long overheadNanos) {
                first.failed(failure, modelNanos, overheadNanos);
                second.failed(failure, modelNanos, overheadNanos);
            }
        };
    }
}
