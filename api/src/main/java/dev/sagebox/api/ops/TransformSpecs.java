package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.TransformJobWire;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.transform.AssemblyType;
import dev.sagebox.hosting.transform.BatchStrategy;
import dev.sagebox.hosting.transform.DataProcessing;
import dev.sagebox.hosting.transform.JoinSource;
import dev.sagebox.hosting.transform.SplitType;
import dev.sagebox.hosting.transform.TransformRecords;
import dev.sagebox.hosting.transform.TransformSpec;
import dev.sagebox.storage.S3DataType;
import dev.sagebox.storage.S3Location;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * CreateTransformJob's wire input to a {@link TransformSpec} and back, with the rules the service model cannot
 * express: filters that parse and fit the content type and split type, S3 URIs, what Sagebox cannot do (data
 * capture) refused.
 */
final class TransformSpecs {
    /** ModelClientConfig's defaults, as SageMaker documents them. */
    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_MAX_RETRIES = 3;

    private TransformSpecs() {
    }

    static TransformSpec fromWire(String arn, TransformJobWire.CreateRequest r, Model model) {
        if (r.dataCaptureConfig() != null) {
            throw validation("Sagebox does not support DataCaptureConfig for batch transform.");
        }
        TransformJobWire.Input in = r.transformInput();
        TransformJobWire.S3DataSource s3 = in.dataSource().s3DataSource();
        requireS3(s3.s3Uri(), "TransformInput.DataSource.S3DataSource.S3Uri");
        requireS3(r.transformOutput().s3OutputPath(), "TransformOutput.S3OutputPath");
        SplitType split = Optional.ofNullable(in.splitType()).flatMap(SplitType::fromWire).orElse(SplitType.NONE);
        Optional<BatchStrategy> strategy = Optional.ofNullable(r.batchStrategy()).flatMap(BatchStrategy::fromWire);
        TransformJobWire.DataProcessing dp = r.dataProcessing();
        DataProcessing processing = dp == null ? DataProcessing.NONE : new DataProcessing(
                Optional.ofNullable(dp.inputFilter()), Optional.ofNullable(dp.outputFilter()),
                Optional.ofNullable(dp.joinSource()).flatMap(JoinSource::fromWire).orElse(JoinSource.NONE));
        processing.problem().ifPresent(p -> {
            throw validation("%s", p);
        });
        Optional<String> contentType = Optional.ofNullable(in.contentType());
        Optional<String> accept = Optional.ofNullable(r.transformOutput().accept());
        try {
            new TransformRecords(split, strategy.orElse(BatchStrategy.MULTI_RECORD), 0, processing, contentType,
                    accept);
        } catch (IllegalArgumentException e) {
            throw validation("%s", e.getMessage());
        }
        TransformJobWire.ModelClientConfig client = r.modelClientConfig();
        return new TransformSpec(r.transformJobName(), arn, model,
                Optional.ofNullable(r.maxConcurrentTransforms()), Optional.ofNullable(r.maxPayloadInMB()), strategy,
                r.environment() == null ? Map.of() : r.environment(),
                new TransformSpec.Input(Optional.ofNullable(s3.s3DataType()).map(S3DataType::fromWireName)
                        .orElse(S3DataType.S3_PREFIX), s3.s3Uri(), "Gzip".equals(in.compressionType()), contentType,
                        split),
                new TransformSpec.Output(r.transformOutput().s3OutputPath(), accept,
                        Optional.ofNullable(r.transformOutput().assembleWith()).flatMap(AssemblyType::fromWire)
                                .orElse(AssemblyType.NONE),
                        Optional.ofNullable(r.transformOutput().kmsKeyId())),
                r.transformResources().instanceType(), r.transformResources().instanceCount(), processing,
                Duration.ofSeconds(client == null || client.invocationsTimeoutInSeconds() == null
                        ? DEFAULT_TIMEOUT_SECONDS : client.invocationsTimeoutInSeconds()),
                client == null || client.invocationsMaxRetries() == null ? DEFAULT_MAX_RETRIES
                        : client.invocationsMaxRetries());
    }

    private static void requireS3(String uri, String member) {
        if (S3Location.parse(uri).isEmpty()) {
            throw validation("%s %s is not an S3 URI (s3://bucket/key).", member, uri);
        }
    }

    static TransformJobWire.Input input(TransformSpec s) {
        TransformSpec.Input in = s.input();
        return new TransformJobWire.Input(new TransformJobWire.DataSource(new TransformJobWire.S3DataSource(
                in.dataType().wireName(), in.s3Uri())), in.contentType().orElse(null), in.gzip() ? "Gzip" : "None",
                in.splitType().wireName());
    }

    static TransformJobWire.Output output(TransformSpec s) {
        TransformSpec.Output out = s.output();
        return new TransformJobWire.Output(out.s3OutputPath(), out.accept().orElse(null),
                out.assembleWith().wireName(), out.kmsKeyId().orElse(null));
    }

    static TransformJobWire.DataProcessing dataProcessing(TransformSpec s) {
        DataProcessing p = s.dataProcessing();
        return new TransformJobWire.DataProcessing(p.inputFilter().orElse("$"), p.outputFilter().orElse("$"),
                p.joinSource().wireName());
    }
}
