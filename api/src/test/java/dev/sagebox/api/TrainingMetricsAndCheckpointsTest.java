package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.FakeContainerEngine.FakeContainer;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.MetricData;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * MetricDefinitions and CheckpointConfig through the real SDK, the real runner and the embedded S3, with fake
 * containers: their output lines become FinalMetricDataList, their checkpoint files travel through S3.
 */
class TrainingMetricsAndCheckpointsTest {
    static final String IMAGE = "sagebox/fake-trainer:1";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
    /** What each job's algo-1 found in its checkpoint directory when it started. */
    static final Map<String, List<String>> restored = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        engine.onStart(c -> {
            String job = c.spec().env().get("TRAINING_JOB_NAME");
            Path checkpoints = checkpointDir(c);
            restored.put(job + "/" + c.spec().hostname().orElse(""), files(checkpoints));
            if (job.startsWith("ckpt-stop")) {
                // Written only on SIGTERM: the last sync after a stop must carry it to S3.
                c.onSigterm(() -> write(checkpoints.resolve("on-stop.txt"), "saved while stopping")).exitOnSigterm(0);
            } else if (job.startsWith("ckpt-")) {
                write(checkpoints.resolve("epoch-1/state.txt"), "state of " + job);
                c.exit(0);
            } else {
                // Metric jobs print what the test tells them to, then wait to be stopped or told to exit.
                c.stdout("epoch 1: loss=0.75 acc=nan\n").stderr("warning: loss=not-a-number\n")
                        .stdout("epoch 2: loss=0.5 acc=0.8\n").exitOnSigterm(0);
            }
        });
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static Path checkpointDir(FakeContainer c) {
        List<Mount> mounts = c.spec().mounts();
        // A LocalPath outside /opt/ml comes as a mount of its own; the default lives in /opt/ml/checkpoints.
        Path optMl = mounts.stream().filter(m -> m.target().equals("/opt/ml")).map(m -> Path.of(m.source()))
                .findFirst().orElseThrow();
        return mounts.stream().filter(m -> !m.target().equals("/opt/ml") && !m.target().startsWith("/etc/sagebox"))
                .map(m -> Path.of(m.source())).findFirst().orElse(optMl.resolve("checkpoints"));
    }

    static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CreateTrainingJobRequest.Builder job(String name) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600));
    }

    static CreateTrainingJobRequest.Builder metricJob(String name, MetricDefinition... definitions) {
        return job(name).algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE)
                .metricDefinitions(definitions));
    }

    static MetricDefinition metric(String name, String regex) {
        return MetricDefinition.builder().name(name).regex(regex).build();
    }

    /** MetricData.Value is a float on the wire model. */
    static Map<String, Float> values(DescribeTrainingJobResponse d) {
        return d.finalMetricDataList().stream().collect(
                java.util.stream.Collectors.toMap(MetricData::metricName, MetricData::value));
    }

    static FakeContainer container(String job) {
        return engine.awaitContainer(c -> job.equals(c.spec().env().get("TRAINING_JOB_NAME")), WAIT);
    }

    @Test
    void metricLinesShowInFinalMetricDataListWhileTheJobRunsAndAfter() {
        sm.createTrainingJob(metricJob("metrics-1", metric("train:loss", "loss=([^ ]+)"),
                metric("train:acc", "acc=(\\S+)"), metric("never", "absent=(\\d+)")).build());

        DescribeTrainingJobResponse running = TrainingJobs.await(sm, "metrics-1", WAIT,
                d -> d.hasFinalMetricDataList() && values(d).size() == 2);
        assertThat(running.trainingJobStatus()).isEqualTo(TrainingJobStatus.IN_PROGRESS);
        // The last number wins; "nan" and "not-a-number" are no values.
        assertThat(values(running)).containsExactlyInAnyOrderEntriesOf(Map.of("train:loss", 0.5f, "train:acc", 0.8f));
        assertThat(running.finalMetricDataList()).allSatisfy(m -> assertThat(m.timestamp())
                .isBetween(running.creationTime(), java.time.Instant.now()));

        FakeContainer c = container("metrics-1");
        c.stdout("epoch 3: loss=0.25\n");
        c.stdout("no newline at the end: loss=0.125");
        c.exit(0);
        DescribeTrainingJobResponse done = TrainingJobs.ended(sm, "metrics-1", WAIT);
        assertThat(done.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(values(done)).containsExactlyInAnyOrderEntriesOf(Map.of("train:loss", 0.125f, "train:acc", 0.8f));
        assertThat(done.algorithmSpecification().metricDefinitions()).containsExactly(
                metric("train:loss", "loss=([^ ]+)"), metric("train:acc", "acc=(\\S+)"),
                metric("never", "absent=(\\d+)"));
    }

    @Test
    void aJobWithoutMetricDefinitionsHasNoFinalMetricDataList() {
        sm.createTrainingJob(job("metrics-none").build());
        container("metrics-none").exit(0);
        DescribeTrainingJobResponse done = TrainingJobs.ended(sm, "metrics-none", WAIT);
        assertThat(done.hasFinalMetricDataList()).isFalse();
        assertThat(done.algorithmSpecification().hasMetricDefinitions()).isTrue();
        assertThat(done.algorithmSpecification().metricDefinitions()).isEmpty();
        assertThat(done.checkpointConfig()).isNull();
    }

    @Test
    void badMetricDefinitionsAreRefused() {
        assertValidation(metricJob("bad-dup", metric("loss", "loss=(\\d+)"), metric("loss", "l=(\\d+)")),
                "AlgorithmSpecification.MetricDefinitions: the metric name \"loss\" appears more than once.");
        assertValidation(metricJob("bad-regex", metric("loss", "loss=(\\d+")),
                "AlgorithmSpecification.MetricDefinitions: the Regex of metric \"loss\" is not a valid regular"
                        + " expression: Unclosed group");
        assertValidation(metricJob("bad-empty", metric("loss", "")), null);
        MetricDefinition[] tooMany = java.util.stream.IntStream.range(0, 41)
                .mapToObj(i -> metric("m" + i, "m" + i + "=(\\d+)")).toArray(MetricDefinition[]::new);
        assertValidation(metricJob("bad-many", tooMany), null);
    }

    @Test
    void badCheckpointConfigsAreRefused() {
        assertValidation(job("bad-ckpt-1").checkpointConfig(c -> c.s3Uri("s3://data/ckpt").localPath("checkpoints")),
                "CheckpointConfig.LocalPath must be an absolute path; \"checkpoints\" is not.");
        assertValidation(job("bad-ckpt-2").checkpointConfig(c -> c.s3Uri("file:///tmp/x")), null);
        assertValidation(job("bad-ckpt-3").checkpointConfig(c -> c.localPath("/opt/ml/checkpoints")), null);
    }

    static void assertValidation(CreateTrainingJobRequest.Builder request, String message) {
        assertThatThrownBy(() -> sm.createTrainingJob(request.build()))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    if (message != null) {
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                    }
                });
    }

    @Test
    void checkpointsWrittenByOneJobAreRestoredForTheNextWithTheSameS3Uri() {
        sagebox.s3.putObject(r -> r.bucket("data").key("ckpt/a/seed.txt"), RequestBody.fromString("seed"));
        sm.createTrainingJob(job("ckpt-first").checkpointConfig(c -> c.s3Uri("s3://data/ckpt/a")).build());
        DescribeTrainingJobResponse first = TrainingJobs.ended(sm, "ckpt-first", WAIT);
        assertThat(first.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(first.checkpointConfig().s3Uri()).isEqualTo("s3://data/ckpt/a");
        assertThat(first.checkpointConfig().localPath()).isEqualTo("/opt/ml/checkpoints");
        assertThat(restored.get("ckpt-first/algo-1")).containsExactly("seed.txt");
        assertThat(sagebox.s3.getObjectAsBytes(r -> r.bucket("data").key("ckpt/a/epoch-1/state.txt")).asUtf8String())
                .isEqualTo("state of ckpt-first");

        sm.createTrainingJob(job("ckpt-second").checkpointConfig(c -> c.s3Uri("s3://data/ckpt/a/")).build());
        TrainingJobs.ended(sm, "ckpt-second", WAIT);
        assertThat(restored.get("ckpt-second/algo-1")).containsExactly("epoch-1/state.txt", "seed.txt");
    }

    @Test
    void everyHostRestoresAndSyncsALocalPathOutsideOptMl() {
        sagebox.s3.putObject(r -> r.bucket("data").key("ckpt/b/seed.txt"), RequestBody.fromString("seed"));
        sm.createTrainingJob(job("ckpt-hosts").resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(2)
                .volumeSizeInGB(1)).checkpointConfig(c -> c.s3Uri("s3://data/ckpt/b").localPath("/checkpoints"))
                .build());
        DescribeTrainingJobResponse done = TrainingJobs.ended(sm, "ckpt-hosts", WAIT);
        assertThat(done.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(done.checkpointConfig().localPath()).isEqualTo("/checkpoints");
        assertThat(restored.get("ckpt-hosts/algo-1")).containsExactly("seed.txt");
        assertThat(restored.get("ckpt-hosts/algo-2")).containsExactly("seed.txt");
        var host2 = engine.startedSpecs().stream()
                .filter(s -> s.name().endsWith("ckpt-hosts-algo-2")).findFirst().orElseThrow();
        assertThat(host2.mounts()).anySatisfy(m -> assertThat(m.target()).isEqualTo("/checkpoints"));
        assertThat(sagebox.s3.getObjectAsBytes(r -> r.bucket("data").key("ckpt/b/epoch-1/state.txt")).asUtf8String())
                .isEqualTo("state of ckpt-hosts");
    }

    @Test
    void checkpointsAreUploadedWhileTheJobRunsAndWhenItIsStopped() {
        sm.createTrainingJob(job("ckpt-stop").checkpointConfig(c -> c.s3Uri("s3://data/ckpt/c")).build());
        FakeContainer c = container("ckpt-stop");
        write(checkpointDir(c).resolve("running.txt"), "saved while running");
        Poll.until(WAIT, "the periodic sync uploads running.txt", () -> exists("ckpt/c/running.txt"));
        assertThat(sm.describeTrainingJob(r -> r.trainingJobName("ckpt-stop")).trainingJobStatus())
                .isEqualTo(TrainingJobStatus.IN_PROGRESS);

        sm.stopTrainingJob(r -> r.trainingJobName("ckpt-stop"));
        assertThat(TrainingJobs.ended(sm, "ckpt-stop", WAIT).trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(exists("ckpt/c/on-stop.txt")).isTrue();
    }

    static boolean exists(String key) {
        return sagebox.s3.listObjectsV2(r -> r.bucket("data").prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }
}
