package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.ProcessingJobWire;
import dev.sagebox.core.WireNamed;
import dev.sagebox.runner.ChannelDefinition.CompressionType;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.processing.ProcessingInput;
import dev.sagebox.runner.processing.ProcessingOutput;
import dev.sagebox.runner.processing.ProcessingSpec;
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

/**
 * CreateProcessingJob's wire input to a {@link ProcessingSpec} and back, with the rules the service model cannot
 * express: names and local paths unique, local paths under {@code /opt/ml/processing/}, Gzip only in Pipe mode, and
 * what Sagebox cannot deliver (dataset definitions, Feature Store outputs) refused.
 */
final class ProcessingSpecs {
    static final String LOCAL_ROOT = "/opt/ml/processing/";
    static final Duration DEFAULT_MAX_RUNTIME = Duration.ofDays(1);

    private ProcessingSpecs() {
    }

    static ProcessingSpec fromWire(String arn, ProcessingJobWire.CreateRequest r) {
        ProcessingJobWire.ClusterConfig cluster = r.processingResources().clusterConfig();
        ProcessingJobWire.NetworkConfig network = r.networkConfig();
        Set<String> localPaths = new HashSet<>();
        List<ProcessingInput> inputs = inputs(r.processingInputs(), localPaths);
        List<ProcessingOutput> outputs = r.processingOutputConfig() == null ? List.of()
                : outputs(r.processingOutputConfig().outputs(), localPaths);
        ProcessingJobWire.AppSpecification app = r.appSpecification();
        return new ProcessingSpec(r.processingJobName(), arn, r.roleArn(), app.imageUri(),
                Optional.ofNullable(app.containerEntrypoint()), Optional.ofNullable(app.containerArguments()),
                r.environment() == null ? Map.of() : r.environment(), inputs, outputs,
                Optional.ofNullable(r.processingOutputConfig()).map(ProcessingJobWire.OutputConfig::kmsKeyId),
                cluster.instanceType(), cluster.instanceCount(), cluster.volumeSizeInGB(),
                r.stoppingCondition() == null ? DEFAULT_MAX_RUNTIME
                        : Duration.ofSeconds(r.stoppingCondition().maxRuntimeInSeconds()),
                network != null && Boolean.TRUE.equals(network.enableNetworkIsolation()),
                network != null && Boolean.TRUE.equals(network.enableInterContainerTrafficEncryption()));
    }

    private static List<ProcessingInput> inputs(List<ProcessingJobWire.Input> wire, Set<String> localPaths) {
        List<ProcessingInput> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ProcessingJobWire.Input in : wire == null ? List.<ProcessingJobWire.Input>of() : wire) {
            if (!names.add(in.inputName())) {
                throw validation("ProcessingInputs must have unique InputNames; '%s' is given twice.",
                        in.inputName());
            }
            if (in.datasetDefinition() != null || in.s3Input() == null) {
                throw validation("ProcessingInput '%s': Sagebox supports only S3Input (DatasetDefinition needs Athena"
                        + " or Redshift, which Sagebox does not run).", in.inputName());
            }
            ProcessingJobWire.S3Input s3 = in.s3Input();
            String localPath = localPath("ProcessingInput", in.inputName(), s3.localPath(), localPaths);
            ChannelInputMode mode = parse(ChannelInputMode.class, s3.s3InputMode()).orElse(ChannelInputMode.FILE);
            CompressionType compression = parse(CompressionType.class, s3.s3CompressionType())
                    .orElse(CompressionType.NONE);
            if (compression == CompressionType.GZIP && mode != ChannelInputMode.PIPE) {
                throw validation("ProcessingInput '%s': S3CompressionType Gzip can only be used when S3InputMode is"
                        + " Pipe.", in.inputName());
            }
            bucketOf(s3.s3Uri(), "ProcessingInput '" + in.inputName() + "'");
            inputs.add(new ProcessingInput(in.inputName(), s3.s3Uri(), localPath,
                    parse(S3DataType.class, s3.s3DataType()).orElse(S3DataType.S3_PREFIX), mode,
                    parse(S3DataDistribution.class, s3.s3DataDistributionType())
                            .orElse(S3DataDistribution.FULLY_REPLICATED),
                    compression));
        }
        return inputs;
    }

    private static List<ProcessingOutput> outputs(List<ProcessingJobWire.Output> wire, Set<String> localPaths) {
        List<ProcessingOutput> outputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ProcessingJobWire.Output out : wire == null ? List.<ProcessingJobWire.Output>of() : wire) {
            if (!names.add(out.outputName())) {
                throw validation("ProcessingOutputConfig.Outputs must have unique OutputNames; '%s' is given twice.",
                        out.outputName());
            }
            if (out.featureStoreOutput() != null || out.s3Output() == null) {
                throw validation("ProcessingOutput '%s': Sagebox supports only S3Output (FeatureStoreOutput needs"
                        + " Feature Store, which Sagebox does not run).", out.outputName());
            }
            ProcessingJobWire.S3Output s3 = out.s3Output();
            String localPath = localPath("ProcessingOutput", out.outputName(), s3.localPath(), localPaths);
            bucketOf(s3.s3Uri(), "ProcessingOutput '" + out.outputName() + "'");
            outputs.add(new ProcessingOutput(out.outputName(), s3.s3Uri(), localPath,
                    parse(ProcessingOutput.UploadMode.class, s3.s3UploadMode())
                            .orElse(ProcessingOutput.UploadMode.END_OF_JOB)));
        }
        return outputs;
    }

    /**
     * A LocalPath normalised, under {@code /opt/ml/processing/}, and no other input's or output's. One may lie inside
     * another: the SDK's ScriptProcessor puts its code at {@code /opt/ml/processing/input/code} beside data at
     * {@code /opt/ml/processing/input}.
     */
    private static String localPath(String kind, String name, String given, Set<String> taken) {
        if (given == null) {
            throw validation("%s '%s': LocalPath must be specified.", kind, name);
        }
        String normal = Path.of(given).normalize().toString();
        if (!given.startsWith("/") || !(normal + "/").startsWith(LOCAL_ROOT) || normal.length() < LOCAL_ROOT.length()) {
            throw validation("%s '%s': LocalPath %s must be an absolute path under %s", kind, name, given, LOCAL_ROOT);
        }
        for (String other : taken) {
            if (other.equals(normal)) {
                throw validation("%s '%s': LocalPath %s is the LocalPath of another input or output.", kind, name,
                        given);
            }
        }
        taken.add(normal);
        return normal;
    }

    private static void bucketOf(String uri, String what) {
        if (S3Location.parse(uri).isEmpty()) {
            throw validation("%s: S3Uri %s is not an S3 URI (s3://bucket/key).", what, uri);
        }
    }

    private static <E extends Enum<E> & WireNamed> Optional<E> parse(Class<E> type, String wire) {
        return wire == null ? Optional.empty() : WireNamed.fromWire(type, wire);
    }

    static List<ProcessingJobWire.Input> inputs(ProcessingSpec s) {
        return s.inputs().stream().map(in -> new ProcessingJobWire.Input(in.inputName(), false,
                new ProcessingJobWire.S3Input(in.s3Uri(), in.localPath(), in.dataType().wireName(),
                        in.inputMode().wireName(), in.distribution().wireName(), in.compression().wireName()), null))
                .toList();
    }

    static ProcessingJobWire.OutputConfig outputConfig(ProcessingSpec s) {
        if (s.outputs().isEmpty() && s.outputKmsKeyId().isEmpty()) {
            return null;
        }
        return new ProcessingJobWire.OutputConfig(s.outputs().stream().map(out -> new ProcessingJobWire.Output(
                out.outputName(), new ProcessingJobWire.S3Output(out.s3Uri(), out.localPath(),
                        out.uploadMode().wireName()), null, false)).toList(), s.outputKmsKeyId().orElse(null));
    }
}
