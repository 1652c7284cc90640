package dev.sagebox.hosting.transform;

import java.util.Objects;
import java.util.Optional;

/** How a batch transform ended. */
public record TransformOutcome(Result result, Optional<String> failureReason) {
    /** The end state the run reached. */
    public enum Result {
        COMPLETED,
        FAILED,
        STOPPED
    }

    public TransformOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failureReason, "failureReason");
    }

    public static TransformOutcome completed() {
        return new TransformOutcome(Result.COMPLETED, Optional.empty());
    }

    public static TransformOutcome failed(String reason) {
        return new TransformOutcome(Result.FAILED, Optional.of(reason));
    }

    public static TransformOutcome stopped() {
        return new TransformOutcome(Result.STOPPED, Optional.empty());
    }
}
