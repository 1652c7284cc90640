package dev.sagebox.runner;

import java.util.Objects;

/**
 * One of AlgorithmSpecification.MetricDefinitions: a metric's name and the Java regex whose first group is its value
 * in the job's log lines.
 */
public record MetricDefinition(String name, String regex) {
    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
    }
}
