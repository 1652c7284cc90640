package org.gaul.s3proxy;

/**
 * S3 error answers for Sagebox's blob store wrappers. S3Proxy turns an {@link S3Exception} thrown while it serves a
 * request into S3's XML error ({@code <Error><Code>…</Code>}, with the code's HTTP status), but the exception's
 * constructors are package-private and it is checked, which a BlobStore method cannot declare: this class lives in
 * S3Proxy's package to build one and throws it unchecked. Anything else a blob store throws becomes a 500 or a Jetty
 * HTML page, which is why refusals of bad input go through here.
 */
public final class S3Refusals {
    private S3Refusals() {
    }

    /** 400 InvalidArgument. */
    public static RuntimeException invalidArgument(String message) {
        return sneaky(new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message));
    }

    /** 403 AccessDenied. */
    public static RuntimeException accessDenied(String message) {
        return sneaky(new S3Exception(S3ErrorCode.ACCESS_DENIED, message));
    }

    /** Throws {@code failure} although it is checked; declared to return so callers can write {@code throw …}. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
