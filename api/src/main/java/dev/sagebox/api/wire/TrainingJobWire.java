package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire records of the training job operations. */
public final class TrainingJobWire {
    private TrainingJobWire() {
    }

    /** AlgorithmSpecification. */
    public record AlgorithmSpecification(
            String trainingImage, String algorithmName, String trainingInputMode, List<String> containerEntrypoint,
            List<String> containerArguments, List<MetricDefinition> metricDefinitions,
            Boolean enableSageMakerMetricsTimeSeries) {
    }

    /** MetricDefinition. */
    public record MetricDefinition(String name, String regex) {
    }

    /** CheckpointConfig. */
    public record CheckpointConfig(String s3Uri, String localPath) {
    }

    /** MetricData, an entry of FinalMetricDataList. */
    public record MetricData(String metricName, Double value, Instant timestamp) {
    }

    /** S3DataSource. */
    public record S3DataSource(String s3DataType, String s3Uri, String s3DataDistributionType) {
    }

    /** DataSource. */
    public record DataSource(S3DataSource s3DataSource, Object fileSystemDataSource) {
    }

    /** Channel. */
    public record Channel(
            String channelName, DataSource dataSource, String contentType, String compressionType,
            String recordWrapperType, String inputMode) {
    }

    /**
     * OutputDataConfig. {@code CompressionType}: Sagebox always packs {@code model.tar.gz}, so only {@code GZIP} (what
     * SDK v3 sends) is accepted; it is not echoed, as AWS does not echo a default it was given.
     */
    public record OutputDataConfig(String kmsKeyId, String s3OutputPath, String compressionType) {
        /** An answer's OutputDataConfig. */
        public OutputDataConfig(String kmsKeyId, String s3OutputPath) {
            this(kmsKeyId, s3OutputPath, null);
        }
    }

    /** ResourceConfig. */
    public record ResourceConfig(String instanceType, Integer instanceCount, Integer volumeSizeInGB) {
    }

    /** StoppingCondition. */
    public record StoppingCondition(Integer maxRuntimeInSeconds, Integer maxWaitTimeInSeconds) {
    }

    /** RetryStrategy. */
    public record RetryStrategy(Integer maximumRetryAttempts) {
    }

    /** CreateTrainingJob input. */
    public record CreateRequest(
            String trainingJobName,
            Map<String, String> hyperParameters,
            AlgorithmSpecification algorithmSpecification,
            String roleArn,
            List<Channel> inputDataConfig,
            OutputDataConfig outputDataConfig,
            ResourceConfig resourceConfig,
            StoppingCondition stoppingCondition,
            Map<String, String> environment,
            List<TagWire> tags,
            Boolean enableNetworkIsolation,
            Boolean enableInterContainerTrafficEncryption,
            Boolean enableManagedSpotTraining,
            RetryStrategy retryStrategy,
            Map<String, Object> debugHookConfig,
            Map<String, Object> profilerConfig,
            CheckpointConfig checkpointConfig) {
    }

    /** CreateTrainingJob output. */
    public record CreateResponse(String trainingJobArn) {
    }

    /** DescribeTrainingJob and StopTrainingJob input. */
    public record NameRequest(String trainingJobName) {
    }

    /** ModelArtifacts. */
    public record ModelArtifacts(String s3ModelArtifacts) {
    }

    /** SecondaryStatusTransition. */
    public record SecondaryStatusTransition(String status, Instant startTime, Instant endTime, String statusMessage) {
    }

    /** DescribeTrainingJob output. */
    public record DescribeResponse(
            String trainingJobName,
            String trainingJobArn,
            ModelArtifacts modelArtifacts,
            String trainingJobStatus,
            String secondaryStatus,
            String failureReason,
            Map<String, String> hyperParameters,
            AlgorithmSpecification algorithmSpecification,
            String roleArn,
            List<Channel> inputDataConfig,
            OutputDataConfig outputDataConfig,
            ResourceConfig resourceConfig,
            StoppingCondition stoppingCondition,
            Instant creationTime,
            Instant trainingStartTime,
            Instant trainingEndTime,
            Instant lastModifiedTime,
            List<SecondaryStatusTransition> secondaryStatusTransitions,
            Map<String, String> environment,
            Integer trainingTimeInSeconds,
            Integer billableTimeInSeconds,
            Boolean enableNetworkIsolation,
            Boolean enableInterContainerTrafficEncryption,
            Boolean enableManagedSpotTraining,
            RetryStrategy retryStrategy,
            Map<String, Object> debugHookConfig,
            Map<String, Object> profilerConfig,
            CheckpointConfig checkpointConfig,
            List<MetricData> finalMetricDataList,
            String tuningJobArn) {
    }

    /** TrainingJobSummary. */
    public record Summary(
            String trainingJobName, String trainingJobArn, Instant creationTime, Instant trainingEndTime,
            Instant lastModifiedTime, String trainingJobStatus, String secondaryStatus) {
    }

    /** ListTrainingJobs output. */
    public record ListResponse(List<Summary> trainingJobSummaries, String nextToken) {
    }
}
