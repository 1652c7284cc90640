package dev.sagebox.runner;

import dev.sagebox.core.SecondaryStatus;

/** Hears a run's progress, so the scheduler can record secondary statuses as they happen. */
@FunctionalInterface
public interface TrainingObserver {
    /** The run entered {@code status}; {@code message} is the StatusMessage SageMaker would show. */
    void entered(SecondaryStatus status, String message);

    /**
     * A metric definition matched a log line. Called on the log capture's threads for every match, so it must be
     * quick: recording it (FinalMetricDataList, the time series) is the observer's business, batched.
     */
    default void metric(MetricSample sample) {
    }
}
