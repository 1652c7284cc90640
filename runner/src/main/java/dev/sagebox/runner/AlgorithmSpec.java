package dev.sagebox.runner;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The training image and how to start it.
 *
 * @param containerEntrypoint overrides the image ENTRYPOINT when present
 * @param containerArguments replaces the {@code train} argument when present
 */
public record AlgorithmSpec(
        String trainingImage,
        ChannelInputMode trainingInputMode,
        Optional<List<String>> containerEntrypoint,
        Optional<List<String>> containerArguments) {
    public AlgorithmSpec {
        Objects.requireNonNull(trainingImage, "trainingImage");
        Objects.requireNonNull(trainingInputMode, "trainingInputMode");
        containerEntrypoint = containerEntrypoint.map(List::copyOf);
        containerArguments = containerArguments.map(List::copyOf);
    }
}
