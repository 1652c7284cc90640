package dev.sagebox.scheduler;

import dev.sagebox.core.Arn;
import dev.sagebox.core.Resource;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.TrainingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A training job as DescribeTrainingJob reports it: its definition, where it stands, and how it got there. */
public record TrainingJob(
        TrainingSpec spec,
        Arn arn,
        TrainingJobStatus status,
        SecondaryStatus secondaryStatus,
        List<StatusTransition> transitions,
        Optional<String> failureReason,
        Instant creationTime,
        Optional<Instant> trainingStartTime,
        Optional<Instant> trainingEndTime,
        Instant lastModifiedTime,
        List<FinalMetricData> finalMetricDataList,
        Optional<String> tuningJobArn) implements Resource {
    public TrainingJob {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(secondaryStatus, "secondaryStatus");
        transitions = List.copyOf(transitions);
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(trainingStartTime, "trainingStartTime");
        Objects.requireNonNull(trainingEndTime, "trainingEndTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
        // Jobs stored before metrics existed have none.
        finalMetricDataList = finalMetricDataList == null ? List.of() : List.copyOf(finalMetricDataList);
        // Jobs stored before tuning existed belong to none.
        tuningJobArn = tuningJobArn == null ? Optional.empty() : tuningJobArn;
    }

    /** A job just created: InProgress, Starting. */
    public static TrainingJob created(TrainingSpec spec, Arn arn, Instant now) {
        return new TrainingJob(spec, arn, TrainingJobStatus.IN_PROGRESS, SecondaryStatus.STARTING,
                List.of(new StatusTransition(SecondaryStatus.STARTING, now, Optional.empty(),
                        "Preparing the instances for training")),
                Optional.empty(), now, Optional.empty(), Optional.empty(), now, List.of(), Optional.empty());
    }

    @Override
    public String name() {
        return spec.jobName();
    }

    @Override
    public Optional<String> statusName() {
        return Optional.of(status.wireName());
    }

    /** The same primary status, a new secondary one; the previous transition ends now. */
    public TrainingJob entered(SecondaryStatus next, String message, Instant now) {
        if (next == secondaryStatus) {
            return this;
        }
        List<StatusTransition> history = new ArrayList<>(transitions.size() + 1);
        transitions.forEach(t -> history.add(t.endedAt(now)));
        boolean terminal = switch (next) {
            case COMPLETED, FAILED, STOPPED, MAX_RUNTIME_EXCEEDED -> true;
            default -> false;
        };
        history.add(new StatusTransition(next, now, terminal ? Optional.of(now) : Optional.empty(), message));
        Optional<Instant> started = trainingStartTime.isEmpty() && next == SecondaryStatus.TRAINING
                ? Optional.of(now) : trainingStartTime;
        return new TrainingJob(spec, arn, status, next, history, failureReason, creationTime, started, trainingEndTime,
                now, finalMetricDataList, tuningJobArn);
    }

    /**
     * RetryStrategy's next attempt: back to Starting (as AWS shows a retried job), always as a new transition, even
     * when the failed attempt had not left Starting, so every retry is visible and counted.
     */
    public TrainingJob retrying(String message, Instant now) {
        List<StatusTransition> history = new ArrayList<>(transitions.size() + 1);
        transitions.forEach(t -> history.add(t.endedAt(now)));
        history.add(new StatusTransition(SecondaryStatus.STARTING, now, Optional.empty(), message));
        return new TrainingJob(spec, arn, status, SecondaryStatus.STARTING, history, failureReason, creationTime,
                trainingStartTime, trainingEndTime, now, finalMetricDataList, tuningJobArn);
    }

    /** Moves the primary status (checked against the status table) with the secondary status it implies. */
    public TrainingJob moved(TrainingJobStatus next, SecondaryStatus secondary, String message, Optional<String> reason,
            Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("training job " + name() + " cannot move from " + status + " to " + next);
        }
        TrainingJob withSecondary = entered(secondary, message, now);
        return new TrainingJob(spec, arn, next, secondary, withSecondary.transitions, reason, creationTime,
                withSecondary.trainingStartTime, next.isTerminal() ? Optional.of(now) : trainingEndTime, now,
                finalMetricDataList, tuningJobArn);
    }

    /** The same job, launched by the tuning job {@code arn}. */
    public TrainingJob launchedBy(String arn) {
        return new TrainingJob(spec, this.arn, status, secondaryStatus, transitions, failureReason, creationTime,
                trainingStartTime, trainingEndTime, lastModifiedTime, finalMetricDataList, Optional.of(arn));
    }

    /** The same job with each metric's latest value; LastModifiedTime stays, as metrics are not a modification. */
    public TrainingJob withFinalMetrics(List<FinalMetricData> metrics) {
        return new TrainingJob(spec, arn, status, secondaryStatus, transitions, failureReason, creationTime,
                trainingStartTime, trainingEndTime, lastModifiedTime, metrics, tuningJobArn);
    }
}
