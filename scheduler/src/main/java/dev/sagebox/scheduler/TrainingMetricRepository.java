package dev.sagebox.scheduler;

import dev.sagebox.runner.MetricSample;
import java.util.List;

/** Every metric value training jobs' log lines showed, per job, metric and host: the time series behind metrics. */
public interface TrainingMetricRepository {
    /** Keeps nothing: for schedulers that record no time series. */
    TrainingMetricRepository NONE = new TrainingMetricRepository() {
        @Override
        public void append(String jobName, List<MetricSample> samples) {
        }

        @Override
        public List<MetricSample> samples(String jobName) {
            return List.of();
        }
    };

    /** Adds {@code samples} of {@code jobName}, in one batch. */
    void append(String jobName, List<MetricSample> samples);

    /** The job's samples in the order they were appended. */
    List<MetricSample> samples(String jobName);
}
