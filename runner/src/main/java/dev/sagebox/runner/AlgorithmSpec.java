package dev.sagebox.runner;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The training image and how to start it.
 *
 * @param containerEntrypoint overrides the image ENTRYPOINT when present
 * @param containerArguments replaces the {@code train} argument when present
 * @param metricDefinitions the metrics read from the hosts' log lines, in the order the request gave them
 */
public record AlgorithmSpec(
        String trainingImage,
        ChannelInputMode trainingInputMode,
        Optional<List<String>> containerEntrypoint,
        Optional<List<String>> containerArguments,
        List<MetricDefinition> metricDefinitions) {
    public AlgorithmSpec {
        Objects.requireNonNull(trainingImage, "trainingImage");
        Objects.requireNonNull(trainingInputMode, "trainingInputMode");
        containerEntrypoint = containerEntrypoint.map(List::copyOf);
        containerArguments = containerArguments.map(List::copyOf);
        // Jobs stored before metric definitions existed have none.
        metricDefinitions = metricDefinitions == null ? List.of() : List.copyOf(metricDefinitions);
    }

    /** An image without metric definitions. */
    public AlgorithmSpec(String trainingImage, ChannelInputMode trainingInputMode,
            Optional<List<String>> containerEntrypoint, Optional<List<String>> containerArguments) {
        this(trainingImage, trainingInputMode, containerEntrypoint, containerArguments, List.of());
    }
}
