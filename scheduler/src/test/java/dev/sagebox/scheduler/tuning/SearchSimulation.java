package dev.sagebox.scheduler.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Runs a search strategy against an in-process objective as a tuning job would, without containers: up to
 * {@code parallel} children at once, each lasting a random time (so they end out of order), every running child handed
 * to the strategy as pending, and a child's epochs reported one by one so a strategy may stop it early.
 */
final class SearchSimulation {
    /** An objective with a learning curve: its value after {@code epoch} (0-based) of {@code epochs}. */
    interface Objective {
        double value(Map<String, String> hyperParameters, int epoch);
    }

    /**
     * The outcome: the best value a child ended with, how many epochs the children ran in all, how many had run when
     * a child first ended at or below the target (-1: never), and each trial.
     */
    record Result(double best, long epochs, long epochsToTarget, List<Trial> trials) {
    }

    private SearchSimulation() {
    }

    static Result run(SearchStrategy strategy, Objective objective, int jobs, int parallel, int epochs, long seed) {
        return run(strategy, objective, jobs, parallel, epochs, seed, Double.NEGATIVE_INFINITY);
    }

    /** As {@link #run}, ending as soon as a child ends at or below {@code target}. */
    static Result run(SearchStrategy strategy, Objective objective, int jobs, int parallel, int epochs, long seed,
            double target) {
        Random random = new Random(seed);
        List<Child> children = new ArrayList<>();
        double clock = 0;
        long usedEpochs = 0;
        long epochsToTarget = -1;
        while (epochsToTarget < 0) {
            List<Child> running = children.stream().filter(c -> c.running).toList();
            boolean launched = false;
            if (running.size() < parallel && children.size() < jobs) {
                Optional<Map<String, String>> next = strategy.next(trials(children));
                if (next.isPresent()) {
                    children.add(new Child(next.get(), clock, 0.5 + random.nextDouble()));
                    launched = true;
                }
            }
            if (launched) {
                continue;
            }
            if (running.isEmpty()) {
                break;
            }
            // Advance to the next epoch end among running children.
            Child first = running.stream().min(Comparator.comparingDouble(Child::nextEpochAt)).orElseThrow();
            clock = first.nextEpochAt();
            first.values.add(objective.value(first.hyperParameters, first.values.size()));
            usedEpochs++;
            if (first.values.size() >= epochs) {
                first.running = false;
            } else {
                Trial now = first.trial();
                if (strategy.shouldStop(now, trials(children))) {
                    first.running = false;
                }
            }
            if (!first.running && first.values.get(first.values.size() - 1) <= target) {
                epochsToTarget = usedEpochs;
            }
        }
        double best = children.stream().filter(c -> !c.values.isEmpty())
                .mapToDouble(c -> c.values.get(c.values.size() - 1)).min().orElse(Double.NaN);
        return new Result(best, usedEpochs, epochsToTarget, trials(children));
    }

    private static List<Trial> trials(List<Child> children) {
        return children.stream().map(Child::trial).toList();
    }

    private static final class Child {
        final Map<String, String> hyperParameters;
        final double start;
        final double epochLength;
        final List<Double> values = new ArrayList<>();
        boolean running = true;

        Child(Map<String, String> hyperParameters, double start, double epochLength) {
            this.hyperParameters = hyperParameters;
            this.start = start;
            this.epochLength = epochLength;
        }

        double nextEpochAt() {
            return start + (values.size() + 1) * epochLength;
        }

        Trial trial() {
            return new Trial(hyperParameters, values, running || values.isEmpty() ? Optional.empty()
                    : Optional.of(values.get(values.size() - 1)), running);
        }
    }

    /** Branin-Hoo on x1 ∈ [-5, 10], x2 ∈ [0, 15]; minimum 0.397887. */
    static double branin(Map<String, String> p) {
        double x1 = Double.parseDouble(p.get("x1"));
        double x2 = Double.parseDouble(p.get("x2"));
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    /** Hartmann-6 on [0, 1]^6; minimum −3.32237. */
    static double hartmann6(Map<String, String> p) {
        double[] x = new double[6];
        for (int i = 0; i < 6; i++) {
            x[i] = Double.parseDouble(p.get("x" + (i + 1)));
        }
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += H_A[i][j] * Math.pow(x[j] - H_P[i][j] * 1e-4, 2);
            }
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /**
     * Branin as a training that learns: after epoch e it reads Branin plus a gap that shrinks with the epochs, larger
     * or smaller by configuration, so early rankings only roughly predict final ones.
     */
    static Objective braninCurve() {
        return (p, epoch) -> {
            double x1 = Double.parseDouble(p.get("x1"));
            double x2 = Double.parseDouble(p.get("x2"));
            return branin(p) + 5 * (1 + 0.3 * Math.sin(7 * x1 + 3 * x2)) * Math.exp(-(epoch + 1) / 6.0);
        };
    }

    /** A final objective reached after one epoch (no learning curve). */
    static Objective oneShot(ToDoubleFunction<Map<String, String>> f) {
        return (p, epoch) -> f.applyAsDouble(p);
    }
}
