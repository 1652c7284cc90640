package dev.sagebox.scheduler.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Strategy Bayesian: a Gaussian-process model of the objective over the unit cube (length scales and noise chosen by
 * marginal likelihood), and the next point where the expected improvement is largest. Children still running are
 * "fantasised" at the model's mean (kriging believer), so parallel children spread out instead of crowding one spot.
 * Candidates are snapped to what the hyperparameters can be (integers, categorical values, scaling), so the model
 * sees exactly the points that run.
 */
public final class BayesianSearch implements SearchStrategy {
    private static final double[] LENGTH_SCALES = {0.03, 0.06, 0.1, 0.18, 0.3, 0.5, 0.8, 1.3, 2.0};
    private static final double[] NOISES = {1e-6, 1e-4, 1e-3, 1e-2, 0.1};
    private static final int RANDOM_CANDIDATES = 2000;
    private static final int LOCAL_CANDIDATES = 150;
    private static final int LOCAL_CENTRES = 5;

    private final ParameterSpace space;
    private final long seed;

    public BayesianSearch(ParameterSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public Optional<Map<String, String>> next(List<Trial> trials) {
        Random random = ParameterSpace.randomFor(seed, trials.size());
        Set<Map<String, String>> tried = new HashSet<>();
        trials.forEach(t -> tried.add(t.hyperParameters()));
        List<Trial> observed = trials.stream().filter(t -> t.objective().isPresent()).toList();
        int initial = Math.max(3, Math.min(10, space.dimensions() + 1));
        if (observed.size() < initial) {
            return Optional.of(fresh(random, tried));
        }
        double[][] x = observed.stream().map(t -> space.encode(t.hyperParameters())).toArray(double[][]::new);
        double[] raw = observed.stream().mapToDouble(t -> t.objective().orElseThrow()).toArray();
        double mean = Arrays.stream(raw).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(raw).map(v -> (v - mean) * (v - mean)).sum() / raw.length);
        double scale = sd > 1e-12 ? sd : 1;
        double[] y = Arrays.stream(raw).map(v -> (v - mean) / scale).toArray();
        Hyper hyper = fitHyperparameters(x, y);
        GaussianProcess gp = GaussianProcess.fit(x, y, hyper.lengthScales, hyper.noise);
        if (gp == null) {
            return Optional.of(fresh(random, tried));
        }
        double best = Arrays.stream(y).min().orElse(0);
        // Kriging believer: every running child counts as if it had scored the model's mean at its point.
        List<double[]> xs = new ArrayList<>(Arrays.asList(x));
        List<Double> ys = new ArrayList<>();
        Arrays.stream(y).forEach(ys::add);
        for (Trial pending : trials.stream().filter(Trial::running).toList()) {
            double[] p = space.encode(pending.hyperParameters());
            xs.add(p);
            ys.add(gp.predict(p)[0]);
            GaussianProcess fantasy = GaussianProcess.fit(xs.toArray(double[][]::new),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), hyper.lengthScales, hyper.noise);
            if (fantasy != null) {
                gp = fantasy;
            }
        }
        double[] choice = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double[] candidate : candidates(random, x, y)) {
            if (tried.contains(space.decode(candidate))) {
                continue;
            }
            double[] prediction = gp.predict(candidate);
            double score = expectedImprovement(best, prediction[0], Math.sqrt(prediction[1]));
            if (score > bestScore) {
                bestScore = score;
                choice = candidate;
            }
        }
        return Optional.of(choice == null ? fresh(random, tried) : space.decode(choice));
    }

    /** A random point not tried yet, when there is one (a small all-categorical space may be used up). */
    private Map<String, String> fresh(Random random, Set<Map<String, String>> tried) {
        Map<String, String> point = space.decode(space.random(random));
        for (int i = 0; i < 100 && tried.contains(point); i++) {
            point = space.decode(space.random(random));
        }
        return point;
    }

    private List<double[]> candidates(Random random, double[][] x, double[] y) {
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < RANDOM_CANDIDATES; i++) {
            candidates.add(snap(space.random(random)));
        }
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> y[i]));
        for (int c = 0; c < Math.min(LOCAL_CENTRES, order.length); c++) {
            double[] centre = x[order[c]];
            for (double sigma : new double[] {0.1, 0.03, 0.01, 0.003}) {
                for (int i = 0; i < LOCAL_CANDIDATES; i++) {
                    double[] p = centre.clone();
                    for (int d = 0; d < p.length; d++) {
                        p[d] = Math.min(1, Math.max(0, p[d] + sigma * random.nextGaussian()));
                    }
                    candidates.add(snap(p));
                }
            }
        }
        return candidates;
    }

    private double[] snap(double[] point) {
        return space.encode(space.decode(point));
    }

    /** Length scales (one per dimension) and noise maximising the marginal likelihood, by coordinate search. */
    private Hyper fitHyperparameters(double[][] x, double[] y) {
        int dims = x[0].length;
        Hyper best = null;
        for (double l : LENGTH_SCALES) {
            double[] scales = new double[dims];
            Arrays.fill(scales, l);
            best = better(best, x, y, scales, 1e-4);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int d = 0; d < dims; d++) {
                for (double l : LENGTH_SCALES) {
                    double[] scales = best.lengthScales.clone();
                    scales[d] = l;
                    best = better(best, x, y, scales, best.noise);
                }
            }
            for (double noise : NOISES) {
                best = better(best, x, y, best.lengthScales, noise);
            }
        }
        return best;
    }

    private static Hyper better(Hyper current, double[][] x, double[] y, double[] scales, double noise) {
        GaussianProcess gp = GaussianProcess.fit(x, y, scales, noise);
        if (gp == null || (current != null && gp.logMarginalLikelihood() <= current.lml)) {
            return current == null ? new Hyper(scales, noise, Double.NEGATIVE_INFINITY) : current;
        }
        return new Hyper(scales, noise, gp.logMarginalLikelihood());
    }

    private record Hyper(double[] lengthScales, double noise, double lml) {
    }

    /** EI of a point with posterior mean {@code mu} and deviation {@code sigma} below the best value so far. */
    static double expectedImprovement(double best, double mu, double sigma) {
        if (sigma < 1e-12) {
            return Math.max(0, best - mu);
        }
        double z = (best - mu) / sigma;
        return (best - mu) * cdf(z) + sigma * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double cdf(double z) {
        double x = -z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
