package dev.sagebox.scheduler.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.scheduler.tuning.ParameterRange.CategoricalRange;
import dev.sagebox.scheduler.tuning.ParameterRange.ContinuousRange;
import dev.sagebox.scheduler.tuning.ParameterRange.IntegerRange;
import dev.sagebox.scheduler.tuning.ParameterRange.Scaling;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parameter space's scaling and snapping, and each strategy's and rule's decisions on known trials. */
class SearchStrategiesTest {
    static final ParameterSpace SPACE = new ParameterSpace(List.of(
            new IntegerRange("layers", 1, 5, Scaling.LINEAR),
            new ContinuousRange("lr", 1e-5, 1e-1, Scaling.LOGARITHMIC),
            new ContinuousRange("momentum", 0.9, 0.999, Scaling.REVERSE_LOGARITHMIC),
            new CategoricalRange("optimizer", List.of("sgd", "adam", "rmsprop"))));

    @Test
    void everyDecodedPointIsAValueOfItsRangeAndEncodesBackToItself() {
        Random random = new Random(1);
        Set<String> layers = new HashSet<>();
        int lowLr = 0;
        for (int i = 0; i < 2000; i++) {
            Map<String, String> p = SPACE.decode(SPACE.random(random));
            int l = Integer.parseInt(p.get("layers"));
            assertThat(l).isBetween(1, 5);
            layers.add(p.get("layers"));
            double lr = Double.parseDouble(p.get("lr"));
            assertThat(lr).isBetween(1e-5, 1e-1);
            lowLr += lr < 1e-3 ? 1 : 0;
            assertThat(Double.parseDouble(p.get("momentum"))).isBetween(0.9, 0.999);
            assertThat(p.get("optimizer")).isIn("sgd", "adam", "rmsprop");
            assertThat(SPACE.decode(SPACE.encode(p))).isEqualTo(p);
        }
        assertThat(layers).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        // Logarithmic: half the draws below 1e-3, the middle of [1e-5, 1e-1] in log scale.
        assertThat(lowLr).isBetween(850, 1150);
    }

    @Test
    void gridTriesEachCombinationOnceThenHasNothingMore() {
        ParameterSpace grid = new ParameterSpace(List.of(new CategoricalRange("a", List.of("1", "2")),
                new CategoricalRange("b", List.of("x", "y", "z"))));
        GridSearch search = new GridSearch(grid);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, String> next = search.next(trials).orElseThrow();
            trials.add(new Trial(next, List.of(), Optional.empty(), true));
        }
        assertThat(new HashSet<>(trials.stream().map(Trial::hyperParameters).toList())).hasSize(6);
        assertThat(search.next(trials)).isEmpty();
    }

    @Test
    void randomSearchRepeatsItsSequenceForTheSameSeed() {
        List<Trial> none = List.of();
        assertThat(new RandomSearch(SPACE, 42).next(none)).isEqualTo(new RandomSearch(SPACE, 42).next(none));
        assertThat(new RandomSearch(SPACE, 42).next(none)).isNotEqualTo(new RandomSearch(SPACE, 43).next(none));
    }

    static Trial done(double... values) {
        List<Double> v = new ArrayList<>();
        for (double d : values) {
            v.add(d);
        }
        return new Trial(Map.of(), v, Optional.of(values[values.length - 1]), false);
    }

    static Trial running(double... values) {
        List<Double> v = new ArrayList<>();
        for (double d : values) {
            v.add(d);
        }
        return new Trial(Map.of(), v, Optional.empty(), true);
    }

    @Test
    void theMedianRuleStopsAJobWorseThanTheMedianOfFinishedJobsAtTheSameEpoch() {
        List<Trial> finished = List.of(done(5, 3, 1), done(6, 4, 2), done(7, 5, 3));
        List<Trial> all = new ArrayList<>(finished);
        assertThat(MedianStopping.shouldStop(running(9, 6), all)).isTrue();
        assertThat(MedianStopping.shouldStop(running(9, 3.5), all)).isFalse();
        assertThat(MedianStopping.shouldStop(running(9), all)).as("one epoch is too early").isFalse();
        assertThat(MedianStopping.shouldStop(running(9, 9), finished.subList(0, 2)))
                .as("fewer than three finished jobs").isFalse();
    }

    @Test
    void hyperbandStopsAtARungWhoeverIsNotInTheBestThird() {
        HyperbandSearch hyperband = new HyperbandSearch(SPACE, 1, 1, 27);
        List<Trial> others = List.of(done(1, 1, 1), done(2, 2, 2), done(3, 3, 3), done(4, 4, 4), done(5, 5, 5));
        Trial weak = running(4, 4, 4);
        Trial strong = running(1.5, 1.5, 1.5);
        Trial early = running(4, 4);
        assertThat(hyperband.shouldStop(weak, with(others, weak))).as("epoch 3 is a rung; 4 is not in the best third")
                .isTrue();
        assertThat(hyperband.shouldStop(strong, with(others, strong))).isFalse();
        assertThat(hyperband.shouldStop(early, with(others, early))).as("epoch 2 is no rung").isFalse();
    }

    static List<Trial> with(List<Trial> trials, Trial one) {
        List<Trial> all = new ArrayList<>(trials);
        all.add(one);
        return all;
    }

    @Test
    void bayesianSearchProposesPointsNotTriedAndNearTheBestSoFar() {
        ParameterSpace line = new ParameterSpace(List.of(new ContinuousRange("x", 0, 10, Scaling.LINEAR)));
        List<Trial> trials = new ArrayList<>();
        for (double x : new double[] {0.5, 2, 4, 6, 8, 9.5}) {
            trials.add(new Trial(Map.of("x", String.valueOf(x)), List.of(), Optional.of((x - 3.3) * (x - 3.3)),
                    false));
        }
        double next = Double.parseDouble(new BayesianSearch(line, 7).next(trials).orElseThrow().get("x"));
        assertThat(next).isBetween(2.0, 4.7);
        assertThat(BayesianSearch.cdf(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(BayesianSearch.cdf(1.96)).isCloseTo(0.975, org.assertj.core.data.Offset.offset(1e-4));
    }
}
