package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.WireNamed;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * HyperParameterTuningJobConfig: how the search runs and when it ends.
 *
 * @param maxNumberOfTrainingJobs ResourceLimits.MaxNumberOfTrainingJobs (Grid: the grid's size when not given)
 * @param maxRuntime ResourceLimits.MaxRuntimeInSeconds
 * @param targetObjectiveMetricValue TuningJobCompletionCriteria.TargetObjectiveMetricValue
 * @param maxJobsNotImproving BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving
 * @param hyperbandMinResource HyperbandStrategyConfig.MinResource (epochs)
 * @param hyperbandMaxResource HyperbandStrategyConfig.MaxResource (epochs)
 */
public record TuningConfig(
        Strategy strategy,
        ObjectiveType objectiveType,
        String objectiveMetric,
        int maxNumberOfTrainingJobs,
        int maxParallelTrainingJobs,
        Optional<Duration> maxRuntime,
        List<ParameterRange.IntegerRange> integerRanges,
        List<ParameterRange.ContinuousRange> continuousRanges,
        List<ParameterRange.CategoricalRange> categoricalRanges,
        boolean earlyStopping,
        Optional<Double> targetObjectiveMetricValue,
        Optional<Integer> maxJobsNotImproving,
        long randomSeed,
        Optional<Integer> hyperbandMinResource,
        Optional<Integer> hyperbandMaxResource) {
    /** HyperParameterTuningJobStrategyType. */
    public enum Strategy implements WireNamed {
        BAYESIAN("Bayesian"),
        RANDOM("Random"),
        HYPERBAND("Hyperband"),
        GRID("Grid");

        private final String wireName;

        Strategy(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    /** HyperParameterTuningJobObjectiveType. */
    public enum ObjectiveType implements WireNamed {
        MAXIMIZE("Maximize"),
        MINIMIZE("Minimize");

        private final String wireName;

        ObjectiveType(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    public TuningConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(objectiveType, "objectiveType");
        Objects.requireNonNull(objectiveMetric, "objectiveMetric");
        Objects.requireNonNull(maxRuntime, "maxRuntime");
        integerRanges = List.copyOf(integerRanges);
        continuousRanges = List.copyOf(continuousRanges);
        categoricalRanges = List.copyOf(categoricalRanges);
        Objects.requireNonNull(targetObjectiveMetricValue, "targetObjectiveMetricValue");
        Objects.requireNonNull(maxJobsNotImproving, "maxJobsNotImproving");
        Objects.requireNonNull(hyperbandMinResource, "hyperbandMinResource");
        Objects.requireNonNull(hyperbandMaxResource, "hyperbandMaxResource");
        if (maxParallelTrainingJobs < 1 || maxNumberOfTrainingJobs < 1) {
            throw new IllegalArgumentException("the resource limits must be positive");
        }
    }

    /** A config with the ranges in one list (kept by kind, so the stored record needs no type tags). */
    public static TuningConfig of(Strategy strategy, ObjectiveType objectiveType, String objectiveMetric,
            int maxNumberOfTrainingJobs, int maxParallelTrainingJobs, Optional<Duration> maxRuntime,
            List<ParameterRange> ranges, boolean earlyStopping, Optional<Double> targetObjectiveMetricValue,
            Optional<Integer> maxJobsNotImproving, long randomSeed, Optional<Integer> hyperbandMinResource,
            Optional<Integer> hyperbandMaxResource) {
        List<ParameterRange.IntegerRange> integers = new java.util.ArrayList<>();
        List<ParameterRange.ContinuousRange> continuous = new java.util.ArrayList<>();
        List<ParameterRange.CategoricalRange> categorical = new java.util.ArrayList<>();
        for (ParameterRange r : ranges) {
            if (r instanceof ParameterRange.IntegerRange i) {
                integers.add(i);
            } else if (r instanceof ParameterRange.ContinuousRange c) {
                continuous.add(c);
            } else {
                categorical.add((ParameterRange.CategoricalRange) r);
            }
        }
        return new TuningConfig(strategy, objectiveType, objectiveMetric, maxNumberOfTrainingJobs,
                maxParallelTrainingJobs, maxRuntime, integers, continuous, categorical, earlyStopping,
                targetObjectiveMetricValue, maxJobsNotImproving, randomSeed, hyperbandMinResource,
                hyperbandMaxResource);
    }

    /** Every range: integer, then continuous, then categorical ones, each in request order. */
    public List<ParameterRange> ranges() {
        List<ParameterRange> all = new java.util.ArrayList<>(integerRanges);
        all.addAll(continuousRanges);
        all.addAll(categoricalRanges);
        return List.copyOf(all);
    }

    /** The objective signed so that lower is better. */
    public double loss(double metricValue) {
        return objectiveType == ObjectiveType.MINIMIZE ? metricValue : -metricValue;
    }

    public ParameterSpace space() {
        return new ParameterSpace(ranges());
    }
}
