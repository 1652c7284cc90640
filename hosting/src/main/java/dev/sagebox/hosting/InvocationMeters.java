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

    /** Both {@code this} and {@code other} record every invocation. */
    default InvocationMeters and(InvocationMeters other) {
        return (endpointName, variantName) -> {
            InvocationMeter first = meter(endpointName, variantName);
            InvocationMeter second = other.meter(endpointName, variantName);
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
        };
    }
}
