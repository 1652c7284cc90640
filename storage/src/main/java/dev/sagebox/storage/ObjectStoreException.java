package dev.sagebox.storage;

/** A failed S3 call, with what kind of failure it was. */
public final class ObjectStoreException extends RuntimeException {
    /** What went wrong, in terms callers act on. */
    public enum Kind {
        NO_SUCH_BUCKET,
        NO_SUCH_KEY,
        ACCESS_DENIED,
        UNREACHABLE,
        FAILED
    }

    private final Kind kind;

    public ObjectStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
