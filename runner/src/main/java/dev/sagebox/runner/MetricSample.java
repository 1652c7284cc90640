package dev.sagebox.runner;

import java.time.Instant;
import java.util.Objects;

/** One value of a metric, as a host's log line showed it at {@code timestamp}. */
public record MetricSample(String host, String metricName, Instant timestamp, double value) {
    public MetricSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
