package dev.sagebox.api.cloudwatch;

import java.util.List;
import java.util.Optional;

/** Training jobs' metric values (what their MetricDefinitions matched), read for CloudWatch where they are kept. */
public interface TrainingMetricSource {
    /** One value, with the time its log line was written and the host that wrote it. */
    record Sample(long epochMillis, double value, String host) {
    }

    /** A job's metric on one host, named as the job is, with the time of its newest value. */
    record Series(String jobName, String metricName, String host, long lastEpochMillis) {
    }

    /** The job's values of {@code metricName} (on {@code host} if given) with from <= time < to, oldest first. */
    List<Sample> samples(String jobName, String metricName, Optional<String> host, long fromMillis, long toMillis);

    /** Every job, metric and host with values (of {@code metricName} when given), ordered by them. */
    List<Series> series(Optional<String> metricName);
}
