package dev.sagebox.scheduler;

import java.time.Instant;
import java.util.Objects;

/** One entry of DescribeTrainingJob's FinalMetricDataList: a metric's last value and when it was written. */
public record FinalMetricData(String metricName, double value, Instant timestamp) {
    public FinalMetricData {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
