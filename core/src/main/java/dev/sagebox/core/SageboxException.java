package dev.sagebox.core;

import java.util.Map;

/** The one exception type that carries an AWS error code and message to the renderer. */
public final class SageboxException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> extraMembers;

    public SageboxException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public SageboxException(ErrorCode code, String message, Map<String, Object> extraMembers, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.extraMembers = Map.copyOf(extraMembers);
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra members of the error body, e.g. OriginalStatusCode of a ModelError. */
    public Map<String, Object> extraMembers() {
        return extraMembers;
    }
}
