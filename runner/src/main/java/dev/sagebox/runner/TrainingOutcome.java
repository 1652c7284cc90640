package dev.sagebox.runner;

import java.util.Objects;
import java.util.Optional;

/**
 * How a run ended. Artifacts are uploaded for every result when the model directory could be read.
 *
 * @param failureReason for FAILED: «AlgorithmError: …», «ClientError: …» or «InternalServerError: …»
 */
public record TrainingOutcome(Result result, Optional<String> failureReason, Optional<StopSignal.Cause> stopCause) {
    /** The end state of a run. */
    public enum Result {
        COMPLETED,
        FAILED,
        STOPPED
    }

    public TrainingOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(stopCause, "stopCause");
        failureReason = failureReason.map(r -> r.length() > 1024 ? r.substring(0, 1024) : r);
    }

    public static TrainingOutcome completed() {
        return new TrainingOutcome(Result.COMPLETED, Optional.empty(), Optional.empty());
    }

    public static TrainingOutcome failed(String reason) {
        return new TrainingOutcome(Result.FAILED, Optional.of(reason), Optional.empty());
    }

    public static TrainingOutcome stopped(StopSignal.Cause cause) {
        return new TrainingOutcome(Result.STOPPED, Optional.empty(), Optional.of(cause));
    }
}
