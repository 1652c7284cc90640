package dev.sagebox.hosting.transform;

/** Thrown when a single record is larger than MaxPayloadInMB; message names the size and the limit. */
public final class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordTooLargeException(long recordBytes, long maxPayloadBytes) {
        this(recordBytes, false, maxPayloadBytes);
    }

    /** {@code atLeast}: the record was not read to its end, so its size is a lower bound. */
    RecordTooLargeException(long recordBytes, boolean atLeast, long maxPayloadBytes) {
        super("A record of " + (atLeast ? "more than " : "") + recordBytes + " bytes is larger than the maximum payload of " + maxPayloadBytes
                + " bytes (MaxPayloadInMB); raise MaxPayloadInMB or split the input into smaller records");
    }
}
