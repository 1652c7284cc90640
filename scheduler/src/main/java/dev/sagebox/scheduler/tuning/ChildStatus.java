package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.scheduler.TrainingJob;
import java.util.Objects;
import java.util.Optional;

/**
 * A child as DescribeHyperParameterTuningJob and ListTrainingJobsForHyperParameterTuningJob show it.
 *
 * @param finalObjective the objective metric's last value (as the metric reads, not signed)
 */
public record ChildStatus(TuningChild child, TrainingJob job, Optional<Double> finalObjective) {
    /** ObjectiveStatus. */
    public enum ObjectiveStatus {
        SUCCEEDED("Succeeded"),
        PENDING("Pending"),
        FAILED("Failed");

        private final String wireName;

        ObjectiveStatus(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ChildStatus {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(finalObjective, "finalObjective");
    }

    /**
     * A child that failed inside Sagebox rather than in the algorithm (an InternalServerError, such as a restart
     * while its containers were being set up): SageMaker's RetryableError, re-run with the same hyperparameters and
     * not counted against MaxNumberOfTrainingJobs.
     */
    public boolean retryableError() {
        return job.status() == TrainingJobStatus.FAILED
                && job.failureReason().orElse("").startsWith("InternalServerError:");
    }

    public boolean running() {
        return !job.status().isTerminal();
    }

    /** Succeeded once it ended with an objective value (an early-stopped job too); Failed when it ended without. */
    public ObjectiveStatus objectiveStatus() {
        if (running()) {
            return ObjectiveStatus.PENDING;
        }
        return finalObjective.isPresent() && job.status() != TrainingJobStatus.FAILED ? ObjectiveStatus.SUCCEEDED
                : ObjectiveStatus.FAILED;
    }
}
