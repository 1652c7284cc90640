package dev.sagebox.runner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one training run needs, as CreateTrainingJob described it.
 *
 * @param s3OutputPath where {@code <job>/output/model.tar.gz} and {@code output.tar.gz} go
 * @param maxRuntime StoppingCondition.MaxRuntimeInSeconds (default one day)
 * @param options the switches; records stored before they existed read as {@link TrainingOptions#DEFAULTS}
 * @param checkpointConfig where checkpoints are restored from and synced to, when the job has one
 */
public record TrainingSpec(
        String jobName,
        String jobArn,
        AlgorithmSpec algorithm,
        String roleArn,
        Map<String, String> hyperParameters,
        List<ChannelDefinition> channels,
        String s3OutputPath,
        Optional<String> outputKmsKeyId,
        String instanceType,
        int instanceCount,
        int volumeSizeInGB,
        Duration maxRuntime,
        Map<String, String> environment,
        TrainingOptions options,
        Optional<CheckpointConfig> checkpointConfig) {
    public TrainingSpec {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobArn, "jobArn");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(roleArn, "roleArn");
        hyperParameters = Map.copyOf(hyperParameters);
        channels = List.copyOf(channels);
        Objects.requireNonNull(s3OutputPath, "s3OutputPath");
        Objects.requireNonNull(outputKmsKeyId, "outputKmsKeyId");
        Objects.requireNonNull(instanceType, "instanceType");
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be >= 1");
        }
        Objects.requireNonNull(maxRuntime, "maxRuntime");
        environment = Map.copyOf(environment);
        options = options == null ? TrainingOptions.DEFAULTS : options;
        // Jobs stored before checkpoints existed have none.
        checkpointConfig = checkpointConfig == null ? Optional.empty() : checkpointConfig;
    }

    /** A job without checkpoints. */
    public TrainingSpec(String jobName, String jobArn, AlgorithmSpec algorithm, String roleArn,
            Map<String, String> hyperParameters, List<ChannelDefinition> channels, String s3OutputPath,
            Optional<String> outputKmsKeyId, String instanceType, int instanceCount, int volumeSizeInGB,
            Duration maxRuntime, Map<String, String> environment, TrainingOptions options) {
        this(jobName, jobArn, algorithm, roleArn, hyperParameters, channels, s3OutputPath, outputKmsKeyId, instanceType,
                instanceCount, volumeSizeInGB, maxRuntime, environment, options, Optional.empty());
    }

    /** {@code <S3OutputPath>/<job>/output/model.tar.gz}, which DescribeTrainingJob reports from the start. */
    public String modelArtifactsUri() {
        return outputPrefix() + "model.tar.gz";
    }

    /** {@code <S3OutputPath>/<job>/output/output.tar.gz}. */
    public String outputDataUri() {
        return outputPrefix() + "output.tar.gz";
    }

    private String outputPrefix() {
        return (s3OutputPath.endsWith("/") ? s3OutputPath : s3OutputPath + "/") + jobName + "/output/";
    }

    /** The same definition for another job: a tuning job's child, with its name, ARN and hyperparameters. */
    public TrainingSpec forJob(String name, String arn, Map<String, String> hyperParameters) {
        return new TrainingSpec(name, arn, algorithm, roleArn, hyperParameters, channels, s3OutputPath, outputKmsKeyId,
                instanceType, instanceCount, volumeSizeInGB, maxRuntime, environment, options, checkpointConfig);
    }
}
