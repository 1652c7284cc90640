package dev.sagebox.runner.processing;

import dev.sagebox.runner.StopSignal;
import java.util.Objects;
import java.util.Optional;

/**
 * How a processing run ended.
 *
 * @param exitMessage the first KiB of each host's {@code /opt/ml/output/message}, concatenated (empty: none wrote one)
 */
public record ProcessingOutcome(Result result, Optional<String> failureReason, Optional<String> exitMessage,
        Optional<StopSignal.Cause> stopCause) {
    /** The end state the run reached. */
    public enum Result {
        COMPLETED,
        FAILED,
        STOPPED
    }

    public ProcessingOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(exitMessage, "exitMessage");
        Objects.requireNonNull(stopCause, "stopCause");
    }

    public static ProcessingOutcome failed(String reason) {
        return new ProcessingOutcome(Result.FAILED, Optional.of(reason), Optional.empty(), Optional.empty());
    }

    public static ProcessingOutcome stopped(StopSignal.Cause cause) {
        return new ProcessingOutcome(Result.STOPPED, Optional.empty(), Optional.empty(), Optional.of(cause));
    }
}
