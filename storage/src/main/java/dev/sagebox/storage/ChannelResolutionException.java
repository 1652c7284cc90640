package dev.sagebox.storage;

/**
 * A channel whose data cannot be delivered; the message is user-facing, starts with "ClientError: " as SageMaker's
 * FailureReason does, and names the S3 location at fault.
 */
public final class ChannelResolutionException extends RuntimeException {
    public ChannelResolutionException(String message) {
        super(message);
    }

    public ChannelResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
