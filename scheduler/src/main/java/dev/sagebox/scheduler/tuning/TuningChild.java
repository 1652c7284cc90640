package dev.sagebox.scheduler.tuning;

import java.util.Map;
import java.util.Objects;

/** A training job a tuning job launched: its name and the hyperparameters the search chose for it. */
public record TuningChild(String trainingJobName, Map<String, String> tunedHyperParameters) {
    public TuningChild {
        Objects.requireNonNull(trainingJobName, "trainingJobName");
        tunedHyperParameters = Map.copyOf(tunedHyperParameters);
    }
}
