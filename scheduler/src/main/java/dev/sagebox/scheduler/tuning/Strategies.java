package dev.sagebox.scheduler.tuning;

/** The search a tuning job's Strategy names. */
public final class Strategies {
    private Strategies() {
    }

    public static SearchStrategy of(TuningConfig config) {
        return switch (config.strategy()) {
            case RANDOM -> new RandomSearch(config.space(), config.randomSeed());
            case GRID -> new GridSearch(config.space());
            case BAYESIAN, HYPERBAND -> throw new IllegalArgumentException("Strategy " + config.strategy().wireName()
                    + " is not available");
        };
    }
}
