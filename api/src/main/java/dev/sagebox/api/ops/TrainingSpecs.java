package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.TrainingJobWire;
import dev.sagebox.core.WireNamed;
import dev.sagebox.runner.AlgorithmSpec;
import dev.sagebox.runner.CheckpointConfig;
import dev.sagebox.runner.MetricDefinition;
import dev.sagebox.runner.ChannelDefinition;
import dev.sagebox.runner.ChannelDefinition.CompressionType;
import dev.sagebox.runner.ChannelDefinition.RecordWrapperType;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.TrainingOptions;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.storage.S3DataDistribution;
import dev.sagebox.storage.S3DataType;
import dev.sagebox.storage.S3Location;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * CreateTrainingJob's wire input to a {@link TrainingSpec} and back, with the cross-field rules the service model
 * cannot express (members the 2017 model required, channel names unique, what Sagebox can deliver).
 */
final class TrainingSpecs {
    static final Duration DEFAULT_MAX_RUNTIME = Duration.ofDays(1);
    static final String DEBUG_HOOK_CONFIG = "DebugHookConfig";
    static final String PROFILER_CONFIG = "ProfilerConfig";

    /**
     * The members of DebugHookConfig and ProfilerConfig that are echoed without behaviour: what the SageMaker Python
     * SDK sends with every job ({@code S3OutputPath}, an empty {@code CollectionConfigurations}, {@code
     * DisableProfiler}), which with no collections and no profiling parameters asks SageMaker for nothing a
     * bring-your-own container would notice. Collections, hook parameters, a LocalPath and framework profiling would
     * need Debugger, which Sagebox does not run: refused rather than echoed as if honoured.
     */
    static final Set<String> DEBUG_HOOK_MEMBERS = Set.of("S3OutputPath", "CollectionConfigurations");
    static final Set<String> PROFILER_MEMBERS = Set.of("S3OutputPath", "DisableProfiler");

    private TrainingSpecs() {
    }

    private static void onlyWhatTheSdkSendsByDefault(String member, Map<String, Object> given, Set<String> echoed) {
        if (given == null) {
            return;
        }
        given.forEach((name, value) -> {
            boolean harmless = echoed.contains(name)
                    && !(value instanceof java.util.Collection<?> c && !c.isEmpty());
            if (!harmless) {
                throw validation("Sagebox does not support the member '%s.%s' of CreateTrainingJob.", member, name);
            }
        });
    }

    static TrainingSpec fromWire(String arn, TrainingJobWire.CreateRequest r) {
        TrainingJobWire.AlgorithmSpecification a = r.algorithmSpecification();
        if (a == null) {
            throw validation("AlgorithmSpecification must be specified.");
        }
        if (a.trainingImage() == null) {
            throw validation("AlgorithmSpecification.TrainingImage must be specified; Sagebox runs only your own"
                    + " images (AlgorithmName is not supported).");
        }
        if (r.outputDataConfig() != null && r.outputDataConfig().compressionType() != null
                && !r.outputDataConfig().compressionType().equals("GZIP")) {
            throw validation("OutputDataConfig.CompressionType %s is not supported: Sagebox packs the model as"
                    + " model.tar.gz (GZIP).", r.outputDataConfig().compressionType());
        }
        onlyWhatTheSdkSendsByDefault(DEBUG_HOOK_CONFIG, r.debugHookConfig(), DEBUG_HOOK_MEMBERS);
        onlyWhatTheSdkSendsByDefault(PROFILER_CONFIG, r.profilerConfig(), PROFILER_MEMBERS);
        ChannelInputMode jobMode = mode(a.trainingInputMode());
        TrainingJobWire.ResourceConfig rc = r.resourceConfig();
        if (rc == null || rc.instanceType() == null || rc.instanceCount() == null) {
            throw validation("ResourceConfig with InstanceType and InstanceCount must be specified.");
        }
        if (rc.instanceCount() < 1) {
            throw validation("ResourceConfig.InstanceCount must be at least 1.");
        }
        List<ChannelDefinition> channels = r.inputDataConfig() == null ? List.of()
                : r.inputDataConfig().stream().map(c -> channel(c, jobMode)).toList();
        Set<String> names = new HashSet<>();
        channels.forEach(c -> {
            if (!names.add(c.name())) {
                throw validation("Channel names must be unique: \"%s\" appears more than once in InputDataConfig.",
                        c.name());
            }
        });
        int maxRuntime = r.stoppingCondition() == null || r.stoppingCondition().maxRuntimeInSeconds() == null
                ? (int) DEFAULT_MAX_RUNTIME.toSeconds() : r.stoppingCondition().maxRuntimeInSeconds();
        return new TrainingSpec(
                r.trainingJobName(),
                arn,
                new AlgorithmSpec(a.trainingImage(), jobMode, Optional.ofNullable(a.containerEntrypoint()),
                        Optional.ofNullable(a.containerArguments()), metricDefinitions(a.metricDefinitions())),
                r.roleArn(),
                r.hyperParameters() == null ? Map.of() : r.hyperParameters(),
                channels,
                r.outputDataConfig().s3OutputPath(),
                Optional.ofNullable(r.outputDataConfig().kmsKeyId()),
                rc.instanceType(),
                rc.instanceCount(),
                rc.volumeSizeInGB() == null ? 1 : rc.volumeSizeInGB(),
                Duration.ofSeconds(maxRuntime),
                r.environment() == null ? Map.of() : r.environment(),
                options(r, maxRuntime),
                Optional.ofNullable(r.checkpointConfig()).map(TrainingSpecs::checkpoint));
    }

    /** The switches, with AWS's rule that only managed spot training waits, and waits at least as long as it runs. */
    private static TrainingOptions options(TrainingJobWire.CreateRequest r, int maxRuntime) {
        boolean spot = Boolean.TRUE.equals(r.enableManagedSpotTraining());
        Optional<Integer> maxWait = Optional.ofNullable(r.stoppingCondition())
                .map(TrainingJobWire.StoppingCondition::maxWaitTimeInSeconds);
        if (spot && (maxWait.isEmpty() || maxWait.get() < maxRuntime)) {
            throw validation("Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal to"
                    + " MaxRuntimeInSeconds");
        }
        if (!spot && maxWait.isPresent()) {
            throw validation("MaxWaitTimeInSeconds can only be specified when EnableManagedSpotTraining is true.");
        }
        return new TrainingOptions(Boolean.TRUE.equals(r.enableNetworkIsolation()),
                Boolean.TRUE.equals(r.enableInterContainerTrafficEncryption()), spot,
                maxWait.map(seconds -> Duration.ofSeconds(seconds)),
                Optional.ofNullable(r.retryStrategy()).map(TrainingJobWire.RetryStrategy::maximumRetryAttempts),
                debuggerConfigs(r),
                Boolean.TRUE.equals(r.algorithmSpecification().enableSageMakerMetricsTimeSeries()));
    }

    private static Map<String, Map<String, Object>> debuggerConfigs(TrainingJobWire.CreateRequest r) {
        Map<String, Map<String, Object>> configs = new java.util.LinkedHashMap<>();
        if (r.debugHookConfig() != null) {
            configs.put(DEBUG_HOOK_CONFIG, r.debugHookConfig());
        }
        if (r.profilerConfig() != null) {
            configs.put(PROFILER_CONFIG, r.profilerConfig());
        }
        return configs;
    }

    /**
     * What the model cannot say about MetricDefinitions: names are unique, and each regex must compile as the Java
     * regex it is applied as (one without a group is accepted, as SageMaker does, and never yields a value).
     */
    private static List<MetricDefinition> metricDefinitions(List<TrainingJobWire.MetricDefinition> wire) {
        if (wire == null) {
            return List.of();
        }
        Set<String> names = new HashSet<>();
        List<MetricDefinition> out = new ArrayList<>();
        for (TrainingJobWire.MetricDefinition d : wire) {
            if (d == null || d.name() == null || d.regex() == null) {
                throw validation("AlgorithmSpecification.MetricDefinitions: each MetricDefinition needs a Name and"
                        + " a Regex.");
            }
            if (!names.add(d.name())) {
                throw validation("AlgorithmSpecification.MetricDefinitions: the metric name \"%s\" appears more than"
                        + " once.", d.name());
            }
            try {
                Pattern.compile(d.regex());
            } catch (PatternSyntaxException e) {
                throw validation("AlgorithmSpecification.MetricDefinitions: the Regex of metric \"%s\" is not a valid"
                        + " regular expression: %s", d.name(), e.getDescription());
            }
            out.add(new MetricDefinition(d.name(), d.regex()));
        }
        return out;
    }

    private static CheckpointConfig checkpoint(TrainingJobWire.CheckpointConfig c) {
        if (c.s3Uri() == null || S3Location.parse(c.s3Uri()).isEmpty()) {
            throw validation("CheckpointConfig.S3Uri must be an S3 URI (s3://bucket/prefix).");
        }
        String localPath = c.localPath() == null ? CheckpointConfig.DEFAULT_LOCAL_PATH : c.localPath();
        if (!localPath.startsWith("/")) {
            throw validation("CheckpointConfig.LocalPath must be an absolute path; \"%s\" is not.", localPath);
        }
        if (Path.of(localPath).normalize().toString().equals("/")) {
            throw validation("CheckpointConfig.LocalPath cannot be the container's root directory.");
        }
        return new CheckpointConfig(c.s3Uri(), localPath);
    }

    static TrainingJobWire.CheckpointConfig checkpoint(CheckpointConfig c) {
        return new TrainingJobWire.CheckpointConfig(c.s3Uri(), c.localPath());
    }

    private static ChannelDefinition channel(TrainingJobWire.Channel c, ChannelInputMode jobMode) {
        // The model's pattern allows dots; "." and ".." would name /opt/ml/input/data itself or its parent.
        if (".".equals(c.channelName()) || "..".equals(c.channelName())) {
            throw validation("Channel name \"%s\" is not valid: it names a directory of /opt/ml/input, not a"
                    + " channel.", c.channelName());
        }
        if (c.dataSource() == null || c.dataSource().s3DataSource() == null) {
            throw validation("Channel \"%s\": only S3DataSource is supported by Sagebox.", c.channelName());
        }
        TrainingJobWire.S3DataSource s3 = c.dataSource().s3DataSource();
        S3DataType type = parse(S3DataType.class, s3.s3DataType()).orElseThrow(() -> validation(
                "Channel \"%s\": S3DataType %s is not supported by Sagebox; use S3Prefix or ManifestFile.",
                c.channelName(), s3.s3DataType()));
        S3DataDistribution distribution = s3.s3DataDistributionType() == null ? S3DataDistribution.FULLY_REPLICATED
                : parse(S3DataDistribution.class, s3.s3DataDistributionType())
                        .orElseThrow();
        CompressionType compression = c.compressionType() == null ? CompressionType.NONE
                : parse(CompressionType.class, c.compressionType()).orElseThrow();
        RecordWrapperType wrapper = c.recordWrapperType() == null ? RecordWrapperType.NONE
                : parse(RecordWrapperType.class, c.recordWrapperType()).orElseThrow();
        ChannelInputMode mode = c.inputMode() == null ? jobMode : mode(c.inputMode());
        if (mode != ChannelInputMode.PIPE && compression == CompressionType.GZIP) {
            throw validation("Channel \"%s\": CompressionType Gzip is only supported in Pipe input mode.",
                    c.channelName());
        }
        return new ChannelDefinition(c.channelName(), type, s3.s3Uri(), distribution,
                Optional.ofNullable(c.contentType()), compression, wrapper, mode);
    }

    private static ChannelInputMode mode(String wire) {
        return parse(ChannelInputMode.class, wire)
                .orElseThrow(() -> validation("TrainingInputMode %s is not supported.", wire));
    }

    private static <E extends Enum<E> & WireNamed> Optional<E> parse(Class<E> type, String wire) {
        return WireNamed.fromWire(type, wire);
    }

    static TrainingJobWire.AlgorithmSpecification algorithm(AlgorithmSpec a) {
        return algorithm(a, TrainingOptions.DEFAULTS);
    }

    static TrainingJobWire.AlgorithmSpecification algorithm(AlgorithmSpec a, TrainingOptions options) {
        return new TrainingJobWire.AlgorithmSpecification(a.trainingImage(), null, a.trainingInputMode().wireName(),
                a.containerEntrypoint().orElse(null), a.containerArguments().orElse(null),
                // AWS reports an empty list for a job without metric definitions.
                a.metricDefinitions().stream().map(d -> new TrainingJobWire.MetricDefinition(d.name(), d.regex()))
                        .toList(),
                options.enableSageMakerMetricsTimeSeries());
    }

    static TrainingJobWire.Channel channel(ChannelDefinition c) {
        return new TrainingJobWire.Channel(c.name(),
                new TrainingJobWire.DataSource(new TrainingJobWire.S3DataSource(c.s3DataType().wireName(), c.s3Uri(),
                        c.distribution().wireName()), null),
                c.contentType().orElse(null), c.compression().wireName(), c.recordWrapper().wireName(),
                c.inputMode().wireName());
    }

}
