package dev.sagebox.api.logs;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import dev.sagebox.core.SageboxException;

/** CloudWatch Logs' errors, in its codes and words. */
final class LogsErrors {
    static final String NO_GROUP = "The specified log group does not exist.";
    static final String NO_STREAM = "The specified log stream does not exist.";
    static final String BAD_TOKEN = "The specified nextToken is invalid.";

    private LogsErrors() {
    }

    static SageboxException groupNotFound() {
        return Errors.of(ErrorCode.LOGS_RESOURCE_NOT_FOUND, NO_GROUP);
    }

    static SageboxException streamNotFound() {
        return Errors.of(ErrorCode.LOGS_RESOURCE_NOT_FOUND, NO_STREAM);
    }

    static SageboxException invalidParameter(String format, Object... args) {
        return Errors.of(ErrorCode.INVALID_PARAMETER, format, args);
    }

    static SageboxException badToken() {
        return invalidParameter(BAD_TOKEN);
    }
}
