package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** A FastFile channel is served as File, and DescribeTrainingJob says so in the Downloading transition. */
class FastFileChannelTest {
    static final String IMAGE = "sagebox/fake-trainer:1";

    @TempDir
    static Path home;
    static TestSagebox sagebox;

    @BeforeAll
    static void start() {
        FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
        engine.onStart(c -> c.exit(0));
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/part-0.csv"), RequestBody.fromString("1,2\n"));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void aFastFileChannelIsDownloadedAndTheTransitionSaysSo() {
        sagebox.sageMaker.createTrainingJob(r -> r.trainingJobName("fast-file")
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FAST_FILE))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train/"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)));

        DescribeTrainingJobResponse job = Poll.value(Duration.ofSeconds(30), "the job completes", () -> {
            DescribeTrainingJobResponse d = sagebox.sageMaker.describeTrainingJob(r -> r.trainingJobName("fast-file"));
            return d.trainingJobStatus() == TrainingJobStatus.COMPLETED ? java.util.Optional.of(d)
                    : java.util.Optional.empty();
        });
        assertThat(job.secondaryStatusTransitions()).anySatisfy(t -> {
            assertThat(t.status()).isEqualTo(SecondaryStatus.DOWNLOADING);
            assertThat(t.statusMessage()).isEqualTo("Downloading input data (FastFile channel(s) train are downloaded"
                    + " as in File mode: Sagebox does not stream FastFile)");
        });
        assertThat(job.algorithmSpecification().trainingInputModeAsString()).isEqualTo("FastFile");
    }
}
