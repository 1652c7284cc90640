package dev.sagebox.scheduler.tuning;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the search knows of one child training job: its tuned hyperparameters and its objective, signed so that lower
 * is better (a maximised metric is negated).
 *
 * @param intermediate every value of the objective metric the job reported so far, in order (one per epoch)
 * @param objective the job's final objective value, once it ended with one
 * @param running whether the job is still in progress (a pending point for the search)
 */
public record Trial(Map<String, String> hyperParameters, List<Double> intermediate, Optional<Double> objective,
        boolean running) {
    public Trial {
        hyperParameters = Map.copyOf(hyperParameters);
        intermediate = List.copyOf(intermediate);
        Objects.requireNonNull(objective, "objective");
    }
}
