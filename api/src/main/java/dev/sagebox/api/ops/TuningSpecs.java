package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.TrainingJobWire;
import dev.sagebox.api.wire.TuningJobWire;
import dev.sagebox.core.WireNamed;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.scheduler.tuning.ParameterRange;
import dev.sagebox.scheduler.tuning.ParameterRange.CategoricalRange;
import dev.sagebox.scheduler.tuning.ParameterRange.ContinuousRange;
import dev.sagebox.scheduler.tuning.ParameterRange.IntegerRange;
import dev.sagebox.scheduler.tuning.ParameterRange.Scaling;
import dev.sagebox.scheduler.tuning.TuningConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CreateHyperParameterTuningJob's wire input to a {@link TuningConfig} and a child definition, and back, with the
 * rules the service model cannot express (a Grid of categorical values only, its size and MaxNumberOfTrainingJobs,
 * ranges that parse, one definition).
 */
final class TuningSpecs {
    private TuningSpecs() {
    }

    static TuningJobWire.TrainingJobDefinition definition(TuningJobWire.CreateRequest r) {
        if (r.trainingJobDefinition() != null && r.trainingJobDefinitions() != null) {
            throw validation("Specify TrainingJobDefinition or TrainingJobDefinitions, not both.");
        }
        if (r.trainingJobDefinition() != null) {
            return r.trainingJobDefinition();
        }
        if (r.trainingJobDefinitions() == null || r.trainingJobDefinitions().isEmpty()) {
            throw validation("A TrainingJobDefinition must be specified.");
        }
        if (r.trainingJobDefinitions().size() > 1) {
            throw validation("Sagebox runs tuning jobs with one training job definition; TrainingJobDefinitions has"
                    + " %d.", r.trainingJobDefinitions().size());
        }
        return r.trainingJobDefinitions().get(0);
    }

    /** The definition as a training spec named after the tuning job (each child gets its own name and ARN). */
    static TrainingSpec trainingSpec(String tuningName, TuningJobWire.TrainingJobDefinition d) {
        TrainingJobWire.ResourceConfig resources = d.resourceConfig();
        TuningJobWire.ResourceConfig hpo = d.hyperParameterTuningResourceConfig();
        if (hpo != null) {
            if (resources != null) {
                throw validation("Specify ResourceConfig or HyperParameterTuningResourceConfig, not both.");
            }
            if (hpo.instanceConfigs() != null && !hpo.instanceConfigs().isEmpty()) {
                throw validation("Sagebox runs every child on one instance type: HyperParameterTuningResourceConfig."
                        + "InstanceConfigs is not supported; give InstanceType and InstanceCount.");
            }
            resources = new TrainingJobWire.ResourceConfig(hpo.instanceType(), hpo.instanceCount(),
                    hpo.volumeSizeInGB());
        }
        TuningJobWire.AlgorithmSpecification a = d.algorithmSpecification();
        TrainingJobWire.CreateRequest asTraining = new TrainingJobWire.CreateRequest(tuningName,
                d.staticHyperParameters(),
                new TrainingJobWire.AlgorithmSpecification(a.trainingImage(), a.algorithmName(), a.trainingInputMode(),
                        null, null, a.metricDefinitions(), null),
                d.roleArn(), d.inputDataConfig(), d.outputDataConfig(), resources, d.stoppingCondition(),
                d.environment(), null, d.enableNetworkIsolation(), d.enableInterContainerTrafficEncryption(),
                d.enableManagedSpotTraining(), d.retryStrategy(), null, null, d.checkpointConfig());
        return TrainingSpecs.fromWire("arn:aws:sagemaker:::training-job/" + tuningName, asTraining);
    }

    static TuningConfig config(TuningJobWire.Config c, TuningJobWire.TrainingJobDefinition d) {
        TuningJobWire.Objective objective = c.hyperParameterTuningJobObjective() != null
                ? c.hyperParameterTuningJobObjective() : d.tuningObjective();
        if (objective == null) {
            throw validation("HyperParameterTuningJobObjective must be specified.");
        }
        TuningJobWire.ParameterRanges wireRanges = c.parameterRanges() != null ? c.parameterRanges()
                : d.hyperParameterRanges();
        List<ParameterRange> ranges = ranges(wireRanges);
        TuningConfig.Strategy strategy = parse(TuningConfig.Strategy.class, c.strategy())
                .orElse(TuningConfig.Strategy.BAYESIAN);
        Integer maxJobs = c.resourceLimits().maxNumberOfTrainingJobs();
        if (strategy == TuningConfig.Strategy.GRID) {
            if (ranges.stream().anyMatch(r -> !(r instanceof CategoricalRange))) {
                throw validation("The Grid search strategy supports only categorical parameter ranges.");
            }
            int size = ranges.stream().mapToInt(r -> ((CategoricalRange) r).values().size()).reduce(1,
                    (x, y) -> x * y);
            if (maxJobs != null && maxJobs != size) {
                throw validation("For the Grid search strategy, MaxNumberOfTrainingJobs must be left out or equal to"
                        + " the number of combinations of the categorical values (%d); it is %d.", size, maxJobs);
            }
            maxJobs = size;
        } else if (maxJobs == null) {
            throw validation("ResourceLimits.MaxNumberOfTrainingJobs must be specified for the %s strategy.",
                    strategy.wireName());
        }
        if (ranges.isEmpty()) {
            throw validation("ParameterRanges must name at least one hyperparameter to tune.");
        }
        TuningJobWire.CompletionCriteria criteria = c.tuningJobCompletionCriteria();
        if (criteria != null && criteria.convergenceDetected() != null
                && "Enabled".equals(criteria.convergenceDetected().completeOnConvergence())) {
            throw validation("Sagebox does not support ConvergenceDetected; use BestObjectiveNotImproving.");
        }
        if (strategy == TuningConfig.Strategy.HYPERBAND && "Auto".equals(c.trainingJobEarlyStoppingType())) {
            throw validation("TrainingJobEarlyStoppingType must be Off for the Hyperband strategy, which stops"
                    + " training jobs itself.");
        }
        if (strategy != TuningConfig.Strategy.HYPERBAND && c.strategyConfig() != null) {
            throw validation("StrategyConfig is only for the Hyperband strategy.");
        }
        TuningJobWire.HyperbandStrategyConfig hyperband = c.strategyConfig() == null ? null
                : c.strategyConfig().hyperbandStrategyConfig();
        return TuningConfig.of(strategy,
                parse(TuningConfig.ObjectiveType.class, objective.type()).orElse(TuningConfig.ObjectiveType.MAXIMIZE),
                objective.metricName(), maxJobs, c.resourceLimits().maxParallelTrainingJobs(),
                Optional.ofNullable(c.resourceLimits().maxRuntimeInSeconds()).map(Duration::ofSeconds), ranges,
                "Auto".equals(c.trainingJobEarlyStoppingType()),
                Optional.ofNullable(criteria).map(TuningJobWire.CompletionCriteria::targetObjectiveMetricValue)
                        .map(Float::doubleValue),
                Optional.ofNullable(criteria).map(TuningJobWire.CompletionCriteria::bestObjectiveNotImproving)
                        .map(TuningJobWire.BestObjectiveNotImproving::maxNumberOfTrainingJobsNotImproving),
                c.randomSeed() == null ? ThreadLocalRandom.current().nextInt(1 << 30) : c.randomSeed(),
                Optional.ofNullable(hyperband).map(TuningJobWire.HyperbandStrategyConfig::minResource),
                Optional.ofNullable(hyperband).map(TuningJobWire.HyperbandStrategyConfig::maxResource));
    }

    private static List<ParameterRange> ranges(TuningJobWire.ParameterRanges r) {
        if (r == null) {
            return List.of();
        }
        if (r.autoParameters() != null && !r.autoParameters().isEmpty()) {
            throw validation("Sagebox does not support AutoParameters; give the ranges explicitly.");
        }
        List<ParameterRange> ranges = new ArrayList<>();
        for (TuningJobWire.NumericRange n : nonNull(r.integerParameterRanges())) {
            ranges.add(new IntegerRange(n.name(), integer(n, n.minValue()), integer(n, n.maxValue()), scaling(n)));
        }
        for (TuningJobWire.NumericRange n : nonNull(r.continuousParameterRanges())) {
            ranges.add(new ContinuousRange(n.name(), number(n, n.minValue()), number(n, n.maxValue()), scaling(n)));
        }
        for (TuningJobWire.CategoricalRange c : nonNull(r.categoricalParameterRanges())) {
            ranges.add(new CategoricalRange(c.name(), c.values()));
        }
        Set<String> names = new HashSet<>();
        for (ParameterRange range : ranges) {
            if (!names.add(range.name())) {
                throw validation("The hyperparameter %s has more than one range.", range.name());
            }
            boolean bad = (range instanceof IntegerRange i && i.min() > i.max())
                    || (range instanceof ContinuousRange c && !(c.min() <= c.max()));
            if (bad) {
                throw validation("The MinValue of the range of %s is greater than its MaxValue.", range.name());
            }
            boolean log = (range instanceof IntegerRange i && i.scaling() != Scaling.LINEAR
                    && i.scaling() != Scaling.AUTO && i.min() <= 0)
                    || (range instanceof ContinuousRange c && c.scaling() != Scaling.LINEAR
                    && c.scaling() != Scaling.AUTO && c.min() <= 0);
            if (log) {
                throw validation("The range of %s must be greater than 0 for logarithmic scaling.", range.name());
            }
        }
        return ranges;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static long integer(TuningJobWire.NumericRange n, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw validation("The value %s of the integer range of %s is not an integer.", value, n.name());
        }
    }

    private static double number(TuningJobWire.NumericRange n, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw validation("The value %s of the continuous range of %s is not a number.", value, n.name());
        }
    }

    private static Scaling scaling(TuningJobWire.NumericRange n) {
        return parse(Scaling.class, n.scalingType()).orElse(Scaling.AUTO);
    }

    private static <E extends Enum<E> & WireNamed> Optional<E> parse(Class<E> type, String wire) {
        return wire == null ? Optional.empty() : WireNamed.fromWire(type, wire);
    }

    /** The config as DescribeHyperParameterTuningJob echoes it. */
    static TuningJobWire.Config config(TuningConfig c) {
        List<TuningJobWire.NumericRange> integers = new ArrayList<>();
        List<TuningJobWire.NumericRange> continuous = new ArrayList<>();
        List<TuningJobWire.CategoricalRange> categorical = new ArrayList<>();
        for (ParameterRange range : c.ranges()) {
            if (range instanceof IntegerRange i) {
                integers.add(new TuningJobWire.NumericRange(i.name(), String.valueOf(i.min()), String.valueOf(i.max()),
                        i.scaling().wireName()));
            } else if (range instanceof ContinuousRange x) {
                continuous.add(new TuningJobWire.NumericRange(x.name(), plain(x.min()), plain(x.max()),
                        x.scaling().wireName()));
            } else {
                CategoricalRange k = (CategoricalRange) range;
                categorical.add(new TuningJobWire.CategoricalRange(k.name(), k.values()));
            }
        }
        TuningJobWire.CompletionCriteria criteria = c.targetObjectiveMetricValue().isEmpty()
                && c.maxJobsNotImproving().isEmpty() ? null : new TuningJobWire.CompletionCriteria(
                        c.targetObjectiveMetricValue().map(Double::floatValue).orElse(null),
                        c.maxJobsNotImproving().map(TuningJobWire.BestObjectiveNotImproving::new).orElse(null), null);
        return new TuningJobWire.Config(c.strategy().wireName(),
                c.hyperbandMinResource().isPresent() || c.hyperbandMaxResource().isPresent()
                        ? new TuningJobWire.StrategyConfig(new TuningJobWire.HyperbandStrategyConfig(
                                c.hyperbandMinResource().orElse(null), c.hyperbandMaxResource().orElse(null)))
                        : null,
                new TuningJobWire.Objective(c.objectiveType().wireName(), c.objectiveMetric()),
                new TuningJobWire.ResourceLimits(c.maxNumberOfTrainingJobs(), c.maxParallelTrainingJobs(),
                        c.maxRuntime().map(d -> (int) d.toSeconds()).orElse(null)),
                new TuningJobWire.ParameterRanges(integers, continuous, categorical, null),
                c.earlyStopping() ? "Auto" : "Off", criteria, (int) c.randomSeed());
    }

    /** The child definition as DescribeHyperParameterTuningJob echoes it. */
    static TuningJobWire.TrainingJobDefinition definition(TrainingSpec s) {
        TrainingJobWire.AlgorithmSpecification a = TrainingSpecs.algorithm(s.algorithm(), s.options());
        return new TuningJobWire.TrainingJobDefinition(null, null, null, s.hyperParameters(),
                new TuningJobWire.AlgorithmSpecification(a.trainingImage(), a.trainingInputMode(), null,
                        a.metricDefinitions()),
                s.roleArn(), s.channels().stream().map(TrainingSpecs::channel).toList(), null,
                new TrainingJobWire.OutputDataConfig(s.outputKmsKeyId().orElse(""), s.s3OutputPath()),
                new TrainingJobWire.ResourceConfig(s.instanceType(), s.instanceCount(), s.volumeSizeInGB()), null,
                new TrainingJobWire.StoppingCondition((int) s.maxRuntime().toSeconds(),
                        s.options().maxWait().map(d -> (int) d.toSeconds()).orElse(null)),
                s.options().enableNetworkIsolation(), s.options().enableInterContainerTrafficEncryption(),
                s.options().enableManagedSpotTraining(), s.checkpointConfig().map(TrainingSpecs::checkpoint)
                        .orElse(null),
                s.options().maximumRetryAttempts().map(TrainingJobWire.RetryStrategy::new).orElse(null),
                s.environment().isEmpty() ? null : s.environment());
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
