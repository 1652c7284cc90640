package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire records of the transform job operations. */
public final class TransformJobWire {
    private TransformJobWire() {
    }

    /** TransformS3DataSource. */
    public record S3DataSource(String s3DataType, String s3Uri) {
    }

    /** TransformDataSource. */
    public record DataSource(S3DataSource s3DataSource) {
    }

    /** TransformInput. */
    public record Input(DataSource dataSource, String contentType, String compressionType, String splitType) {
    }

    /** TransformOutput. */
    public record Output(String s3OutputPath, String accept, String assembleWith, String kmsKeyId) {
    }

    /** TransformResources. */
    public record Resources(String instanceType, Integer instanceCount, String volumeKmsKeyId,
            String transformAmiVersion) {
    }

    /** DataProcessing. */
    public record DataProcessing(String inputFilter, String outputFilter, String joinSource) {
    }

    /** ModelClientConfig. */
    public record ModelClientConfig(Integer invocationsTimeoutInSeconds, Integer invocationsMaxRetries) {
    }

    /** CreateTransformJob input. */
    public record CreateRequest(
            String transformJobName,
            String modelName,
            Integer maxConcurrentTransforms,
            ModelClientConfig modelClientConfig,
            Integer maxPayloadInMB,
            String batchStrategy,
            Map<String, String> environment,
            Input transformInput,
            Output transformOutput,
            Map<String, Object> dataCaptureConfig,
            Resources transformResources,
            DataProcessing dataProcessing,
            List<TagWire> tags,
            Map<String, Object> experimentConfig) {
    }

    /** CreateTransformJob output. */
    public record CreateResponse(String transformJobArn) {
    }

    /** DescribeTransformJob and StopTransformJob input. */
    public record NameRequest(String transformJobName) {
    }

    /** DescribeTransformJob output. */
    public record DescribeResponse(
            String transformJobName,
            String transformJobArn,
            String transformJobStatus,
            String failureReason,
            String modelName,
            Integer maxConcurrentTransforms,
            ModelClientConfig modelClientConfig,
            Integer maxPayloadInMB,
            String batchStrategy,
            Map<String, String> environment,
            Input transformInput,
            Output transformOutput,
            Resources transformResources,
            Instant creationTime,
            Instant transformStartTime,
            Instant transformEndTime,
            DataProcessing dataProcessing) {
    }

    /** TransformJobSummary. */
    public record Summary(String transformJobName, String transformJobArn, Instant creationTime,
            Instant transformEndTime, Instant lastModifiedTime, String transformJobStatus, String failureReason) {
    }

    /** ListTransformJobs output. */
    public record ListResponse(List<Summary> transformJobSummaries, String nextToken) {
    }
}
