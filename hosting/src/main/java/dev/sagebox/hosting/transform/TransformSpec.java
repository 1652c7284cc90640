package dev.sagebox.hosting.transform;

import dev.sagebox.hosting.Model;
import dev.sagebox.storage.S3DataType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one batch transform needs, as CreateTransformJob described it, with the model as it was when the job
 * was created (a later DeleteModel cannot strand it).
 *
 * @param maxConcurrentTransforms requests in flight per instance (empty: the container's execution parameters, else 1)
 * @param maxPayloadInMB the largest request body (empty: the container's execution parameters, else 6)
 * @param batchStrategy SingleRecord or MultiRecord (empty: the container's execution parameters, else MultiRecord)
 * @param invocationsTimeout ModelClientConfig.InvocationsTimeoutInSeconds (SageMaker's default: 600 s)
 * @param invocationsMaxRetries ModelClientConfig.InvocationsMaxRetries (SageMaker's default: 3)
 */
public record TransformSpec(
        String jobName,
        String jobArn,
        Model model,
        Optional<Integer> maxConcurrentTransforms,
        Optional<Integer> maxPayloadInMB,
        Optional<BatchStrategy> batchStrategy,
        Map<String, String> environment,
        Input input,
        Output output,
        String instanceType,
        int instanceCount,
        DataProcessing dataProcessing,
        Duration invocationsTimeout,
        int invocationsMaxRetries) {
    /** TransformInput. */
    public record Input(S3DataType dataType, String s3Uri, boolean gzip, Optional<String> contentType,
            SplitType splitType) {
        public Input {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(s3Uri, "s3Uri");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(splitType, "splitType");
        }
    }

    /** TransformOutput. */
    public record Output(String s3OutputPath, Optional<String> accept, AssemblyType assembleWith,
            Optional<String> kmsKeyId) {
        public Output {
            Objects.requireNonNull(s3OutputPath, "s3OutputPath");
            Objects.requireNonNull(accept, "accept");
            Objects.requireNonNull(assembleWith, "assembleWith");
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        }
    }

    public TransformSpec {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobArn, "jobArn");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxConcurrentTransforms, "maxConcurrentTransforms");
        Objects.requireNonNull(maxPayloadInMB, "maxPayloadInMB");
        Objects.requireNonNull(batchStrategy, "batchStrategy");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(instanceType, "instanceType");
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be >= 1");
        }
        Objects.requireNonNull(dataProcessing, "dataProcessing");
        Objects.requireNonNull(invocationsTimeout, "invocationsTimeout");
    }
}
