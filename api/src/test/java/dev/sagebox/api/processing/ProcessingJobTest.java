package dev.sagebox.api.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** The processing job API through the real SDK with the fake container engine: validation, errors, lists. */
class ProcessingJobTest {
    static final String IMAGE = "sagebox/fake-processor:1";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
        engine.onStart(c -> c.exit(0));
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("ptest"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static CreateProcessingJobRequest.Builder job(String name) {
        return CreateProcessingJobRequest.builder().processingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/R")
                .appSpecification(a -> a.imageUri(IMAGE))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.large")
                        .volumeSizeInGB(1)));
    }

    static ProcessingInput input(String name, UnaryOperator<software.amazon.awssdk.services.sagemaker.model
            .ProcessingS3Input.Builder> s3) {
        return ProcessingInput.builder().inputName(name).s3Input(b -> s3.apply(b.s3Uri("s3://ptest/in/")
                .localPath("/opt/ml/processing/" + name).s3DataType("S3Prefix").s3InputMode("File"))).build();
    }

    static String refusal(CreateProcessingJobRequest request) {
        SageMakerException e = (SageMakerException) org.assertj.core.api.Assertions.catchThrowable(
                () -> sm.createProcessingJob(request));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(sm.listProcessingJobs(r -> r.nameContains(request.processingJobName())).processingJobSummaries())
                .as("nothing stored").isEmpty();
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void requestsSageMakerWouldRefuseAreRefusedInItsWordsAndNothingIsStored() {
        assertThat(refusal(job("bad-path").processingInputs(input("a", b -> b.localPath("/tmp/data"))).build()))
                .isEqualTo("ProcessingInput 'a': LocalPath /tmp/data must be an absolute path under"
                        + " /opt/ml/processing/");
        assertThat(refusal(job("dup-name").processingInputs(input("a", b -> b), input("a", b -> b
                .localPath("/opt/ml/processing/b"))).build())).contains("unique InputNames; 'a' is given twice");
        assertThat(refusal(job("same-path").processingInputs(input("a", b -> b), input("b", b -> b
                .localPath("/opt/ml/processing/a/"))).build())).isEqualTo("ProcessingInput 'b': LocalPath"
                        + " /opt/ml/processing/a/ is the LocalPath of another input or output.");
        assertThat(refusal(job("gzip-file").processingInputs(input("a", b -> b.s3CompressionType("Gzip"))).build()))
                .isEqualTo("ProcessingInput 'a': S3CompressionType Gzip can only be used when S3InputMode is Pipe.");
        assertThat(refusal(job("dataset").processingInputs(ProcessingInput.builder().inputName("q")
                .datasetDefinition(d -> d.localPath("/opt/ml/processing/q")).build()).build()))
                .contains("Sagebox supports only S3Input");
        assertThat(refusal(job("out-dup").processingOutputConfig(o -> o.outputs(
                ProcessingOutput.builder().outputName("o").s3Output(s -> s.s3Uri("s3://ptest/o").s3UploadMode("EndOfJob")
                        .localPath("/opt/ml/processing/o")).build(),
                ProcessingOutput.builder().outputName("o").s3Output(s -> s.s3Uri("s3://ptest/o").s3UploadMode("EndOfJob")
                        .localPath("/opt/ml/processing/p")).build())).build()))
                .contains("unique OutputNames; 'o' is given twice");
        assertThat(refusal(job("bad_name!").build())).startsWith("1 validation error detected: Value 'bad_name!' at"
                + " 'processingJobName' failed to satisfy constraint");
    }

    @Test
    void unknownJobsAndFinishedJobsAnswerAsSageMakerDoes() {
        assertThatThrownBy(() -> sm.describeProcessingJob(r -> r.processingJobName("nope")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find processing job"
                                + " 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/nope'."));
        sm.createProcessingJob(job("quick").build());
        assertThatThrownBy(() -> sm.createProcessingJob(job("QUICK").build()))
                .isInstanceOfSatisfying(SageMakerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceInUse"));
        Poll.until(Duration.ofSeconds(30), "the fake job completes", () -> sm.describeProcessingJob(r -> r
                .processingJobName("quick")).processingJobStatus() == ProcessingJobStatus.COMPLETED);
        assertThatThrownBy(() -> sm.stopProcessingJob(r -> r.processingJobName("quick")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The request was rejected because the processing job is in status Completed."));
    }

    @Test
    void listsFilterAndSortLikeEveryOtherList() {
        for (String name : new String[] {"list-b", "list-a", "list-c"}) {
            sm.createProcessingJob(job(name).build());
        }
        assertThat(sm.listProcessingJobs(r -> r.nameContains("list-").sortBy("Name").sortOrder("Ascending"))
                .processingJobSummaries()).extracting(ProcessingJobSummary::processingJobName)
                .containsExactly("list-a", "list-b", "list-c");
        var page = sm.listProcessingJobs(r -> r.nameContains("list-").maxResults(2));
        assertThat(page.processingJobSummaries()).hasSize(2);
        assertThat(page.nextToken()).isNotNull();
        assertThat(sm.listProcessingJobs(r -> r.nameContains("list-").statusEquals("Failed"))
                .processingJobSummaries()).isEmpty();
    }
}
