package dev.sagebox.hosting;

/** Instances could not be brought into service; {@code getMessage()} is the FailureReason users see. */
public final class LaunchFailure extends Exception {
    public LaunchFailure(String reason) {
        super(reason.length() > 1024 ? reason.substring(0, 1021) + "..." : reason);
    }
}
