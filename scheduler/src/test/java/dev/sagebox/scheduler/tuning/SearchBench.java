package dev.sagebox.scheduler.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The benchmark of the search itself (issue 14): every strategy against in-process objectives over many seeds, as a
 * tuning job runs them (parallel children ending out of order, running ones pending). {@code bench/tuning/run} runs it
 * and exits 1 when a target is missed.
 *
 * <ul>
 *   <li>Branin (optimum 0.397887), 30 jobs, 3 in parallel, 20 seeds: Bayesian's median best within 0.05 of the
 *       optimum; Random's median shown beside it.</li>
 *   <li>Hartmann-6 (optimum −3.32237), 60 jobs, 3 in parallel: Bayesian's median best ≤ −3.0.</li>
 *   <li>Branin with a learning curve of 27 epochs: Random runs 30 full jobs; Hyperband (MinResource 1, MaxResource
 *       27) runs until a child ends at least as good as Random's best. Median over seeds of Hyperband's epochs ÷
 *       Random's epochs ≤ 0.4.</li>
 * </ul>
 */
public final class SearchBench {
    static final double BRANIN_OPTIMUM = 0.397887;

    private SearchBench() {
    }

    public static void main(String[] args) {
        int seeds = Integer.getInteger("seeds", 20);
        ParameterSpace branin = space("x1", -5, 10, "x2", 0, 15);
        List<ParameterRange> h = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            h.add(new ParameterRange.ContinuousRange("x" + i, 0, 1, ParameterRange.Scaling.LINEAR));
        }
        ParameterSpace hartmann = new ParameterSpace(h);
        boolean met = true;
        say("search benchmark: %d seeds, load %.2f", seeds, load());

        double randomBranin = median(seeds, s -> SearchSimulation.run(new RandomSearch(branin, s),
                SearchSimulation.oneShot(SearchSimulation::branin), 30, 3, 1, s).best());
        double bayesBranin = median(seeds, s -> SearchSimulation.run(new BayesianSearch(branin, s),
                SearchSimulation.oneShot(SearchSimulation::branin), 30, 3, 1, s).best());
        boolean brOk = Math.abs(bayesBranin - BRANIN_OPTIMUM) <= 0.05;
        met &= brOk;
        say("%-48s %10s %10s %10s", "figure", "Random", "Bayesian", "target");
        say("%-48s %10.4f %10.4f %10s %s", "Branin, 30 jobs / 3 parallel: median best", randomBranin, bayesBranin,
                "<= 0.4479", brOk ? "met" : "MISSED");

        double randomHartmann = median(seeds, s -> SearchSimulation.run(new RandomSearch(hartmann, s),
                SearchSimulation.oneShot(SearchSimulation::hartmann6), 60, 3, 1, s).best());
        double bayesHartmann = median(seeds, s -> SearchSimulation.run(new BayesianSearch(hartmann, s),
                SearchSimulation.oneShot(SearchSimulation::hartmann6), 60, 3, 1, s).best());
        boolean hOk = bayesHartmann <= -3.0;
        met &= hOk;
        say("%-48s %10.4f %10.4f %10s %s", "Hartmann-6, 60 jobs / 3 parallel: median best", randomHartmann,
                bayesHartmann, "<= -3.0", hOk ? "met" : "MISSED");

        List<Double> ratios = new ArrayList<>();
        List<Double> randomEpochs = new ArrayList<>();
        List<Double> hyperbandEpochs = new ArrayList<>();
        for (long s = 0; s < seeds; s++) {
            SearchSimulation.Result random = SearchSimulation.run(new RandomSearch(branin, s),
                    SearchSimulation.braninCurve(), 30, 3, 27, s);
            SearchSimulation.Result hyperband = SearchSimulation.run(new HyperbandSearch(branin, s + 1000, 1, 27),
                    SearchSimulation.braninCurve(), 1000, 3, 27, s, random.best());
            long used = hyperband.epochsToTarget() < 0 ? hyperband.epochs() * 10 : hyperband.epochsToTarget();
            ratios.add((double) used / random.epochs());
            randomEpochs.add((double) random.epochs());
            hyperbandEpochs.add((double) used);
        }
        double ratio = median(ratios);
        boolean hbOk = ratio <= 0.4;
        met &= hbOk;
        say("%-48s %10.0f %10s %10s", "Branin curve, 27 epochs: Random's epochs (median)", median(randomEpochs), "",
                "");
        say("%-48s %10s %10.0f %10s", "  Hyperband's epochs to Random's best (median)", "", median(hyperbandEpochs),
                "");
        say("%-48s %10s %10.3f %10s %s", "  ratio Hyperband / Random (median over seeds)", "", ratio, "<= 0.40",
                hbOk ? "met" : "MISSED");
        say("search benchmark: %s (load %.2f)", met ? "every target met" : "a target was missed", load());
        System.exit(met ? 0 : 1);
    }

    private static ParameterSpace space(String a, double amin, double amax, String b, double bmin, double bmax) {
        return new ParameterSpace(List.of(new ParameterRange.ContinuousRange(a, amin, amax,
                ParameterRange.Scaling.LINEAR), new ParameterRange.ContinuousRange(b, bmin, bmax,
                ParameterRange.Scaling.LINEAR)));
    }

    private static double median(int seeds, LongFunction<Double> run) {
        List<Double> values = new ArrayList<>();
        for (long s = 0; s < seeds; s++) {
            values.add(run.apply(s));
        }
        return median(values);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
