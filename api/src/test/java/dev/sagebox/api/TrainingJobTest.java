package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;

/**
 * Training jobs through the real SDK, the real runner and the embedded S3, with the fake container engine standing in
 * for Docker: the fake "algorithm" reads and writes the host directory mounted as /opt/ml, as a real one would.
 */
class TrainingJobTest {
    static final String IMAGE = "sagebox/fake-trainer:1";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        put("train/a.csv", "1,2\n3,4\n");
        put("train/sub/b.csv", "5,6\n");
        engine.onStart(c -> {
            Path optMl = Path.of(c.spec().mounts().get(0).source());
            Map<String, String> hp = readHyperParameters(optMl);
            try {
                Files.writeString(optMl.resolve("model/weights.txt"), "trained on " + listing(optMl));
                Files.writeString(optMl.resolve("output/data/metrics.txt"), "loss=0.1");
                switch (hp.getOrDefault("behaviour", "complete")) {
                    case "fail" -> {
                        Files.writeString(optMl.resolve("output/failure"), "bad learning rate");
                        c.exit(2);
                    }
                    case "wait-for-stop" -> c.exitOnSigterm(0);
                    case "chatty" -> {
                        c.stdout("epoch 1 loss=0.5\n").stderr("a warning\n").stdout("epoch 2 loss=0.25\nno newline");
                        c.exit(0);
                    }
                    default -> c.exit(0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static void put(String key, String text) {
        sagebox.s3.putObject(r -> r.bucket("data").key(key), RequestBody.fromString(text));
    }

    static Map<String, String> readHyperParameters(Path optMl) {
        try {
            String json = Files.readString(optMl.resolve("input/config/hyperparameters.json"));
            @SuppressWarnings("unchecked")
            Map<String, String> hp = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
            return hp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String listing(Path optMl) throws IOException {
        try (var files = Files.walk(optMl.resolve("input/data"))) {
            return files.filter(Files::isRegularFile).map(p -> optMl.resolve("input/data").relativize(p).toString())
                    .sorted().toList().toString();
        }
    }

    static CreateTrainingJobRequest.Builder job(String name) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train").s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600));
    }

    static DescribeTrainingJobResponse await(String name, Predicate<DescribeTrainingJobResponse> condition) {
        return TrainingJobs.await(sm, name, Duration.ofSeconds(30), condition);
    }

    static Map<String, String> untar(String key) throws IOException {
        return ModelArchives.textFiles(sagebox.s3, "data", key);
    }

    @Test
    void aJobStagesItsChannelRunsTrainAndUploadsModelTarGz() throws Exception {
        String arn = sm.createTrainingJob(job("fit-1").hyperParameters(Map.of("epochs", "3")).build()).trainingJobArn();
        assertThat(arn).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:training-job/fit-1");

        DescribeTrainingJobResponse done = await("fit-1", d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(done.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(done.secondaryStatus()).isEqualTo(SecondaryStatus.COMPLETED);
        assertThat(done.modelArtifacts().s3ModelArtifacts()).isEqualTo("s3://data/output/fit-1/output/model.tar.gz");
        assertThat(done.secondaryStatusTransitions()).extracting(t -> t.statusAsString())
                .containsExactly("Starting", "Downloading", "Training", "Uploading", "Completed");
        assertThat(done.trainingStartTime()).isNotNull();
        assertThat(done.trainingEndTime()).isNotNull();
        assertThat(done.hyperParameters()).containsEntry("epochs", "3");

        assertThat(untar("output/fit-1/output/model.tar.gz"))
                .containsEntry("weights.txt", "trained on [train/a.csv, train/sub/b.csv]");
        assertThat(untar("output/fit-1/output/output.tar.gz")).containsEntry("metrics.txt", "loss=0.1");

        ContainerSpec spec = engine.startedSpecs().stream().filter(s -> s.name().endsWith("fit-1-algo-1")).findFirst()
                .orElseThrow();
        assertThat(spec.command()).containsExactly("train");
        assertThat(spec.hostname()).contains("algo-1");
        assertThat(spec.env()).containsEntry("TRAINING_JOB_NAME", "fit-1").containsEntry("TRAINING_JOB_ARN", arn);
        assertThat(spec.labels()).containsEntry("sagebox.managed", "true").containsEntry("sagebox.resource", arn);
        Poll.until(Duration.ofSeconds(10), "the finished job's container to be removed",
                () -> engine.containers().stream().noneMatch(c -> c.spec().name().endsWith("fit-1-algo-1")));
    }

    @Test
    void describeFillsInWhatAwsFillsInSoTheSdksAttachFindsEveryKey() {
        sm.createTrainingJob(job("defaults-1").build());
        DescribeTrainingJobResponse d = await("defaults-1", j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(d.outputDataConfig().kmsKeyId()).isEmpty();
        assertThat(d.enableNetworkIsolation()).isFalse();
        assertThat(d.enableInterContainerTrafficEncryption()).isFalse();
        assertThat(d.enableManagedSpotTraining()).isFalse();
        assertThat(d.stoppingCondition().maxWaitTimeInSeconds()).isNull();
        assertThat(d.retryStrategy()).isNull();
        assertThat(d.billableTimeInSeconds()).isEqualTo(d.trainingTimeInSeconds());
    }

    @Test
    void managedSpotIsEchoedAndBilledForEverySecondAndTheSwitchesComeBackAsGiven() {
        sm.createTrainingJob(job("spot-1").enableManagedSpotTraining(true).enableNetworkIsolation(true)
                .enableInterContainerTrafficEncryption(true).retryStrategy(r -> r.maximumRetryAttempts(2))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600).maxWaitTimeInSeconds(1200)).build());
        DescribeTrainingJobResponse d = await("spot-1", j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(d.enableManagedSpotTraining()).isTrue();
        assertThat(d.enableNetworkIsolation()).isTrue();
        assertThat(d.enableInterContainerTrafficEncryption()).isTrue();
        assertThat(d.stoppingCondition().maxWaitTimeInSeconds()).isEqualTo(1200);
        assertThat(d.retryStrategy().maximumRetryAttempts()).isEqualTo(2);
        assertThat(d.billableTimeInSeconds()).isEqualTo(d.trainingTimeInSeconds()).isNotNull();
    }

    @Test
    void spotWithoutALongEnoughWaitAndAWaitWithoutSpotAreRefused() {
        assertThatThrownBy(() -> sm.createTrainingJob(job("spot-2").enableManagedSpotTraining(true)
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600).maxWaitTimeInSeconds(300)).build()))
                .hasMessageContaining("Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal"
                        + " to MaxRuntimeInSeconds");
        assertThatThrownBy(() -> sm.createTrainingJob(job("spot-3").enableManagedSpotTraining(true).build()))
                .hasMessageContaining("Invalid MaxWaitTimeInSeconds");
        assertThatThrownBy(() -> sm.createTrainingJob(job("spot-4")
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600).maxWaitTimeInSeconds(900)).build()))
                .hasMessageContaining("MaxWaitTimeInSeconds can only be specified when EnableManagedSpotTraining is"
                        + " true.");
    }

    @Test
    void membersSageboxDoesNotActOnAreRefusedNamingTheMember() {
        assertThatThrownBy(() -> sm.createTrainingJob(job("refused-1")
                .vpcConfig(v -> v.securityGroupIds("sg-1").subnets("subnet-1")).build()))
                .isInstanceOf(SageMakerException.class)
                .hasMessageContaining("Sagebox does not support the member 'VpcConfig' of CreateTrainingJob.")
                .satisfies(e -> assertThat(((SageMakerException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        assertThatThrownBy(() -> sm.createTrainingJob(job("refused-2")
                .inputDataConfig(c -> c.channelName("train").shuffleConfig(x -> x.seed(7L))
                        .dataSource(d -> d.s3DataSource(x -> x.s3DataType("S3Prefix").s3Uri("s3://data/train")))).build()))
                .hasMessageContaining("Sagebox does not support the member 'InputDataConfig[0].ShuffleConfig' of"
                        + " CreateTrainingJob.");
        assertThatThrownBy(() -> sm.describeTrainingJob(r -> r.trainingJobName("refused-1")))
                .hasMessageContaining("Requested resource not found");
        // SDK v3's ModelTrainer sends CompressionType GZIP, which is what Sagebox does; NONE it cannot.
        assertThatThrownBy(() -> sm.createTrainingJob(job("refused-3")
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output").compressionType("NONE")).build()))
                .hasMessageContaining("OutputDataConfig.CompressionType NONE is not supported: Sagebox packs the model"
                        + " as model.tar.gz (GZIP).");
        sm.createTrainingJob(job("gzip-output")
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output").compressionType("GZIP")).build());
        assertThat(sm.describeTrainingJob(r -> r.trainingJobName("gzip-output")).outputDataConfig().s3OutputPath())
                .isEqualTo("s3://data/output");
    }

    @Test
    void aChannelNamedDotOrDotDotIsRefusedRatherThanWrittenOverTheConfigDirectory() {
        for (String name : List.of(".", "..")) {
            assertThatThrownBy(() -> sm.createTrainingJob(job("dots-" + name.length())
                    .inputDataConfig(c -> c.channelName(name).dataSource(d -> d.s3DataSource(x -> x
                            .s3DataType("S3Prefix").s3Uri("s3://data/train")))).build()))
                    .hasMessageContaining("Channel name \"" + name + "\" is not valid");
        }
    }

    @Test
    void theDebuggerConfigsTheSdkAlwaysSendsAreAcceptedAndEchoed() {
        sm.createTrainingJob(job("debugger-1")
                .debugHookConfig(d -> d.s3OutputPath("s3://data/debug").collectionConfigurations(List.of()))
                .profilerConfig(p -> p.s3OutputPath("s3://data/profiler").disableProfiler(false)).build());
        DescribeTrainingJobResponse d = await("debugger-1", j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(d.debugHookConfig().s3OutputPath()).isEqualTo("s3://data/debug");
        assertThat(d.profilerConfig().s3OutputPath()).isEqualTo("s3://data/profiler");
        assertThat(d.profilerConfig().disableProfiler()).isFalse();
    }

    @Test
    void eachLineAHostWritesIsAnEventOfItsCloudWatchLogsStream() {
        Instant before = Instant.now();
        sm.createTrainingJob(job("logged-1").hyperParameters(Map.of("behaviour", "chatty")).build());
        assertThat(await("logged-1", d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS).trainingJobStatus())
                .isEqualTo(TrainingJobStatus.COMPLETED);
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix("logged-1/")).logStreams();
            assertThat(streams).hasSize(1);
            String stream = streams.get(0).logStreamName();
            assertThat(stream).matches("logged-1/algo-1-\\d{10}");
            assertThat(Long.parseLong(stream.substring(stream.lastIndexOf('-') + 1)))
                    .isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
            List<OutputLogEvent> events = logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamName(stream).startFromHead(true)).events();
            assertThat(events).extracting(OutputLogEvent::message)
                    .containsExactly("epoch 1 loss=0.5", "a warning", "epoch 2 loss=0.25", "no newline");
            assertThat(events).extracting(OutputLogEvent::timestamp).isSorted()
                    .allSatisfy(t -> assertThat(t).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli()));
        }
    }

    @Test
    void aFailingAlgorithmFailsTheJobWithItsFailureFile() {
        sm.createTrainingJob(job("fit-fails").hyperParameters(Map.of("behaviour", "fail")).build());
        DescribeTrainingJobResponse failed = await("fit-fails", d -> d.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("AlgorithmError: bad learning rate");
        assertThat(failed.secondaryStatus()).isEqualTo(SecondaryStatus.FAILED);
        assertThat(failed.modelArtifacts()).as("no model.tar.gz to point at").isNull();
    }

    @Test
    void stopTrainingJobStopsTheContainerAndStillUploads() throws Exception {
        sm.createTrainingJob(job("fit-stop").hyperParameters(Map.of("behaviour", "wait-for-stop")).build());
        await("fit-stop", d -> d.secondaryStatus() == SecondaryStatus.TRAINING);
        sm.stopTrainingJob(r -> r.trainingJobName("fit-stop"));
        DescribeTrainingJobResponse stopped = await("fit-stop", d -> d.trainingJobStatus() == TrainingJobStatus.STOPPED);
        assertThat(stopped.secondaryStatus()).isEqualTo(SecondaryStatus.STOPPED);
        assertThat(untar("output/fit-stop/output/model.tar.gz")).containsKey("weights.txt");
        assertThatThrownBy(() -> sm.stopTrainingJob(r -> r.trainingJobName("fit-stop")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The request was rejected because the training job is in status Stopped."));
    }

    @Test
    void aMissingImageFailsFastWithAClientError() {
        sm.createTrainingJob(job("fit-no-image").algorithmSpecification(a -> a.trainingImage("nowhere/none:1")
                .trainingInputMode(TrainingInputMode.FILE)).build());
        DescribeTrainingJobResponse failed = await("fit-no-image",
                d -> d.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("ClientError: The training image nowhere/none:1 does not exist");
    }

    @Test
    void anEmptyChannelFailsWithSageMakersClientError() {
        sm.createTrainingJob(job("fit-empty").inputDataConfig(c -> c.channelName("train").dataSource(d -> d
                .s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri("s3://data/nothing-here/")))).build());
        DescribeTrainingJobResponse failed = await("fit-empty", d -> d.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("ClientError: No S3 objects found under S3 URL");
    }

    @Test
    void namesAreUniqueAndUnknownJobsAreNotFound() {
        sm.createTrainingJob(job("fit-dup").build());
        assertThatThrownBy(() -> sm.createTrainingJob(job("fit-dup").build()))
                .isInstanceOfSatisfying(ResourceInUseException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("a training job with this name already exists"));
        assertThatThrownBy(() -> sm.describeTrainingJob(r -> r.trainingJobName("never-created")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found.");
                });
    }

    @Test
    void listTrainingJobsFiltersByStatus() {
        sm.createTrainingJob(job("fit-listed").build());
        await("fit-listed", d -> d.trainingJobStatus() == TrainingJobStatus.COMPLETED);
        assertThat(sm.listTrainingJobs(r -> r.statusEquals(TrainingJobStatus.COMPLETED).nameContains("listed"))
                .trainingJobSummaries()).singleElement().satisfies(s -> {
                    assertThat(s.trainingJobName()).isEqualTo("fit-listed");
                    assertThat(s.trainingEndTime()).isNotNull();
                });
    }

    @Test
    void aGpuInstanceTypeWithoutAnNvidiaRuntimeFailsWithACapacityError() {
        sm.createTrainingJob(job("fit-gpu").resourceConfig(r -> r.instanceType("ml.p3.2xlarge").instanceCount(1)
                .volumeSizeInGB(1)).build());
        DescribeTrainingJobResponse failed = await("fit-gpu", d -> d.trainingJobStatus() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("CapacityError: Instance type ml.p3.2xlarge needs 1 GPU(s)");
    }

    @Test
    void gzipInFileModeIsRefusedUpFront() {
        assertThatThrownBy(() -> sm.createTrainingJob(job("fit-gzip").inputDataConfig(c -> c.channelName("train")
                .compressionType("Gzip").dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                        .s3Uri("s3://data/train")))).build()))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Channel \"train\": CompressionType Gzip is only supported in Pipe input mode."));
    }
}
