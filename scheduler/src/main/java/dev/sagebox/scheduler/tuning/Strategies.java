package dev.sagebox.scheduler.tuning;

/** The search a tuning job's Strategy names. */
public final class Strategies {
    private Strategies() {
    }

    public static SearchStrategy of(TuningConfig config) {
        return switch (config.strategy()) {
            case RANDOM -> new RandomSearch(config.space(), config.randomSeed());
            case GRID -> new GridSearch(config.space());
            case BAYESIAN -> new BayesianSearch(config.space(), config.randomSeed());
            case HYPERBAND -> new HyperbandSearch(config.space(), config.randomSeed(),
                    config.hyperbandMinResource().orElse(1), config.hyperbandMaxResource().orElse(Integer.MAX_VALUE));
        };
    }
}
