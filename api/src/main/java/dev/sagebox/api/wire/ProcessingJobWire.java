package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire records of the processing job operations. */
public final class ProcessingJobWire {
    private ProcessingJobWire() {
    }

    /** AppSpecification. */
    public record AppSpecification(String imageUri, List<String> containerEntrypoint,
            List<String> containerArguments) {
    }

    /** ProcessingS3Input. */
    public record S3Input(String s3Uri, String localPath, String s3DataType, String s3InputMode,
            String s3DataDistributionType, String s3CompressionType) {
    }

    /** ProcessingInput; the members Sagebox cannot serve (DatasetDefinition) are read to be refused clearly. */
    public record Input(String inputName, Boolean appManaged, S3Input s3Input, Object datasetDefinition) {
    }

    /** ProcessingS3Output. */
    public record S3Output(String s3Uri, String localPath, String s3UploadMode) {
    }

    /** ProcessingOutput. */
    public record Output(String outputName, S3Output s3Output, Object featureStoreOutput, Boolean appManaged) {
    }

    /** ProcessingOutputConfig. */
    public record OutputConfig(List<Output> outputs, String kmsKeyId) {
    }

    /** ProcessingClusterConfig. */
    public record ClusterConfig(Integer instanceCount, String instanceType, Integer volumeSizeInGB,
            String volumeKmsKeyId) {
    }

    /** ProcessingResources. */
    public record Resources(ClusterConfig clusterConfig) {
    }

    /** ProcessingStoppingCondition. */
    public record StoppingCondition(Integer maxRuntimeInSeconds) {
    }

    /** NetworkConfig. */
    public record NetworkConfig(Boolean enableInterContainerTrafficEncryption, Boolean enableNetworkIsolation,
            Object vpcConfig) {
    }

    /** CreateProcessingJob input. */
    public record CreateRequest(
            String processingJobName,
            List<Input> processingInputs,
            OutputConfig processingOutputConfig,
            Resources processingResources,
            StoppingCondition stoppingCondition,
            AppSpecification appSpecification,
            Map<String, String> environment,
            NetworkConfig networkConfig,
            String roleArn,
            List<TagWire> tags,
            Map<String, Object> experimentConfig) {
    }

    /** CreateProcessingJob output. */
    public record CreateResponse(String processingJobArn) {
    }

    /** DescribeProcessingJob and StopProcessingJob input. */
    public record NameRequest(String processingJobName) {
    }

    /** DescribeProcessingJob output. */
    public record DescribeResponse(
            List<Input> processingInputs,
            OutputConfig processingOutputConfig,
            String processingJobName,
            Resources processingResources,
            StoppingCondition stoppingCondition,
            AppSpecification appSpecification,
            Map<String, String> environment,
            NetworkConfig networkConfig,
            String roleArn,
            Map<String, Object> experimentConfig,
            String processingJobArn,
            String processingJobStatus,
            String exitMessage,
            String failureReason,
            Instant processingEndTime,
            Instant processingStartTime,
            Instant lastModifiedTime,
            Instant creationTime) {
    }

    /** ProcessingJobSummary. */
    public record Summary(String processingJobName, String processingJobArn, Instant creationTime,
            Instant processingEndTime, Instant lastModifiedTime, String processingJobStatus, String failureReason,
            String exitMessage) {
    }

    /** ListProcessingJobs output. */
    public record ListResponse(List<Summary> processingJobSummaries, String nextToken) {
    }
}
