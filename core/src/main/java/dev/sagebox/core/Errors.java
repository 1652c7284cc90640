package dev.sagebox.core;

/** Short factories for the errors call sites throw: {@code throw validation("Could not find model \"%s\".", arn)}. */
public final class Errors {
    private Errors() {
    }

    public static SageboxException validation(String format, Object... args) {
        return of(ErrorCode.VALIDATION_EXCEPTION, format, args);
    }

    public static SageboxException resourceInUse(String format, Object... args) {
        return of(ErrorCode.RESOURCE_IN_USE, format, args);
    }

    public static SageboxException resourceNotFound(String format, Object... args) {
        return of(ErrorCode.RESOURCE_NOT_FOUND, format, args);
    }

    public static SageboxException limitExceeded(String format, Object... args) {
        return of(ErrorCode.RESOURCE_LIMIT_EXCEEDED, format, args);
    }

    public static SageboxException serviceUnavailable(String format, Object... args) {
        return of(ErrorCode.SERVICE_UNAVAILABLE, format, args);
    }

    public static SageboxException of(ErrorCode code, String format, Object... args) {
        return new SageboxException(code, args.length == 0 ? format : String.format(format, args));
    }
}
