package dev.sagebox.runner.processing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one processing run needs, as CreateProcessingJob described it.
 *
 * @param entrypoint AppSpecification.ContainerEntrypoint (empty: the image's own)
 * @param arguments AppSpecification.ContainerArguments (empty: none, the image's CMD)
 * @param maxRuntime StoppingCondition.MaxRuntimeInSeconds (SageMaker's default: one day)
 */
public record ProcessingSpec(
        String jobName,
        String jobArn,
        String roleArn,
        String imageUri,
        Optional<List<String>> entrypoint,
        Optional<List<String>> arguments,
        Map<String, String> environment,
        List<ProcessingInput> inputs,
        List<ProcessingOutput> outputs,
        Optional<String> outputKmsKeyId,
        String instanceType,
        int instanceCount,
        int volumeSizeInGB,
        Duration maxRuntime,
        boolean enableNetworkIsolation,
        boolean enableInterContainerTrafficEncryption) {
    public ProcessingSpec {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobArn, "jobArn");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(imageUri, "imageUri");
        entrypoint = entrypoint.map(List::copyOf);
        arguments = arguments.map(List::copyOf);
        environment = Map.copyOf(environment);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(outputKmsKeyId, "outputKmsKeyId");
        Objects.requireNonNull(instanceType, "instanceType");
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be >= 1");
        }
        Objects.requireNonNull(maxRuntime, "maxRuntime");
    }
}
