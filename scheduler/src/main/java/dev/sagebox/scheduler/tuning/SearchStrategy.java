package dev.sagebox.scheduler.tuning;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a tuning job chooses its next child's hyperparameters (Strategy Random, Grid, Bayesian, Hyperband). */
public interface SearchStrategy {
    /**
     * The hyperparameters of the next child, given every trial so far (running ones included, as pending points);
     * empty when the strategy has nothing more to try.
     */
    Optional<Map<String, String>> next(List<Trial> trials);

    /** Whether a running child should stop now (Hyperband's successive halving); never, by default. */
    default boolean shouldStop(Trial running, List<Trial> trials) {
        return false;
    }
}
