package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire records of CreateModel, DescribeModel, ListModels and DeleteModel. */
public final class ModelWire {
    private ModelWire() {
    }

    /** ContainerDefinition. */
    public record Container(String containerHostname, String image, String modelDataUrl, Map<String, String> environment,
            ModelDataSource modelDataSource) {
        /** A container given by URL alone (what Sagebox answers with). */
        public Container(String containerHostname, String image, String modelDataUrl,
                Map<String, String> environment) {
            this(containerHostname, image, modelDataUrl, environment, null);
        }
    }

    /** ModelDataSource: the SDK's Session.create_model_from_job names a training job's model.tar.gz this way. */
    public record ModelDataSource(S3ModelDataSource s3DataSource) {
    }

    /** S3ModelDataSource. */
    public record S3ModelDataSource(String s3Uri, String s3DataType, String compressionType) {
    }

    /** InferenceExecutionConfig. */
    public record InferenceExecutionConfig(String mode) {
    }

    /** CreateModel input. */
    public record CreateRequest(
            String modelName,
            Container primaryContainer,
            List<Container> containers,
            List<Container> supplementalContainers,
            InferenceExecutionConfig inferenceExecutionConfig,
            String executionRoleArn,
            List<TagWire> tags,
            Boolean enableNetworkIsolation) {
    }

    /** CreateModel output. */
    public record CreateResponse(String modelArn) {
    }

    /** DescribeModel and DeleteModel input. */
    public record NameRequest(String modelName) {
    }

    /** DescribeModel output. */
    public record DescribeResponse(
            String modelName,
            Container primaryContainer,
            List<Container> containers,
            String executionRoleArn,
            Instant creationTime,
            String modelArn,
            Boolean enableNetworkIsolation) {
    }

    /** ModelSummary. */
    public record Summary(String modelName, String modelArn, Instant creationTime) {
    }

    /** ListModels output. */
    public record ListResponse(List<Summary> models, String nextToken) {
    }
}
