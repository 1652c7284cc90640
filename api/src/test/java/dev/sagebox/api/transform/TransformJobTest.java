package dev.sagebox.api.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.TestSagebox;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** CreateTransformJob's refusals through the real SDK, in SageMaker's words, with nothing stored. */
class TransformJobTest {
    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        sm = sagebox.sageMaker;
        sm.createModel(r -> r.modelName("m").executionRoleArn("arn:aws:iam::123456789012:role/R")
                .primaryContainer(c -> c.image("img:1")));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static CreateTransformJobRequest job(String name, UnaryOperator<CreateTransformJobRequest.Builder> change) {
        return change.apply(CreateTransformJobRequest.builder().transformJobName(name).modelName("m")
                .transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                        .s3Uri("s3://b/in/"))).contentType("text/csv").splitType("Line"))
                .transformOutput(o -> o.s3OutputPath("s3://b/out"))
                .transformResources(r -> r.instanceType("ml.m5.large").instanceCount(1))).build();
    }

    static String refusal(CreateTransformJobRequest request) {
        SageMakerException e = (SageMakerException) org.assertj.core.api.Assertions.catchThrowable(
                () -> sm.createTransformJob(request));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(sm.listTransformJobs(r -> r.nameContains(request.transformJobName())).transformJobSummaries())
                .as("nothing stored").isEmpty();
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void requestsThatCannotRunAreRefusedBeforeAnythingIsStored() {
        assertThat(refusal(job("no-model", b -> b.modelName("absent")))).isEqualTo(
                "Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/absent\".");
        assertThat(refusal(job("bad-filter", b -> b.dataProcessing(p -> p.inputFilter("$[1:"))))).isNotBlank();
        assertThat(refusal(job("recordio-filter", b -> b.transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s
                .s3DataType("S3Prefix").s3Uri("s3://b/in/"))).splitType("RecordIO"))
                .dataProcessing(p -> p.inputFilter("$[1:]"))))).isNotBlank();
        assertThat(refusal(job("capture", b -> b.dataCaptureConfig(c -> c.destinationS3Uri("s3://b/cap")))))
                .isEqualTo("Sagebox does not support DataCaptureConfig for batch transform.");
    }

    @Test
    void unknownJobsAreNotFound() {
        assertThatThrownBy(() -> sm.describeTransformJob(r -> r.transformJobName("nope")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find transform job"
                                + " 'arn:aws:sagemaker:us-east-1:123456789012:transform-job/nope'."));
        assertThatThrownBy(() -> sm.stopTransformJob(r -> r.transformJobName("nope")))
                .isInstanceOf(SageMakerException.class);
    }
}
