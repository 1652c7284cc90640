package dev.sagebox.scheduler.tuning;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strategy Random: each child's point drawn uniformly from the space. The i-th draw depends only on the seed and i,
 * so a tuning job picked up after a restart goes on with the same sequence.
 */
public final class RandomSearch implements SearchStrategy {
    private final ParameterSpace space;
    private final long seed;

    public RandomSearch(ParameterSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public Optional<Map<String, String>> next(List<Trial> trials) {
        return Optional.of(space.decode(space.random(ParameterSpace.randomFor(seed, trials.size()))));
    }
}
