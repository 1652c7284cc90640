package dev.sagebox.hosting;

/** Instances could not be brought into service; {@code getMessage()} is the FailureReason users see. */
final class LaunchFailure extends Exception {
    LaunchFailure(String reason) {
        super(reason.length() > 1024 ? reason.substring(0, 1021) + "..." : reason);
    }
}
