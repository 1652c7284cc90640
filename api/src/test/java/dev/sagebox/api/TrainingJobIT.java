package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Training jobs in real containers (sagebox/test-algorithm), with the embedded S3 and H2 on disk. */
@Tag("docker")
class TrainingJobIT {
    static final String IMAGE = "sagebox/test-algorithm:latest";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final ContainerEngine docker = DockerJavaContainerEngine.fromEnvironment();
    static final Map<String, String> checksums = new HashMap<>();

    static SageboxConfig config() {
        return SageboxConfig.forTests(home).withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true));
    }

    @BeforeAll
    static void start() throws Exception {
        sagebox = TestSagebox.start(Sagebox.builder(config()));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        Random random = new Random(7);
        for (String key : List.of("train/part-0.bin", "train/part-1.bin", "train/nested/part-2.bin", "train/part-3.bin")) {
            byte[] bytes = new byte[100_000 + random.nextInt(50_000)];
            random.nextBytes(bytes);
            sagebox.s3.putObject(r -> r.bucket("data").key(key), RequestBody.fromBytes(bytes));
            checksums.put(key.substring("train/".length()),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        sagebox.s3.putObject(r -> r.bucket("data").key("manifests/two.json"), RequestBody.fromString(
                "[{\"prefix\": \"s3://data/train/\"}, \"part-1.bin\", \"nested/part-2.bin\"]"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
        List<ContainerState> left = docker.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true",
                SageboxLabels.INSTANCE, serverId()));
        left.forEach(c -> docker.remove(c.id()));
        docker.close();
        assertThat(left).as("containers left behind").isEmpty();
    }

    static String serverId() {
        try {
            return Files.readString(home.resolve("server-id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static CreateTrainingJobRequest.Builder job(String name, Map<String, String> hyperParameters) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .hyperParameters(hyperParameters)
                .environment(Map.of("MY_SETTING", "on"))
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train/").s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output/"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600));
    }

    static DescribeTrainingJobResponse await(SageMakerClient client, String name,
            Predicate<DescribeTrainingJobResponse> condition) {
        return TrainingJobs.await(client, name, Duration.ofSeconds(90), condition);
    }

    static DescribeTrainingJobResponse ended(String name) {
        return await(sm, name, d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS
                && d.trainingJobStatus() != TrainingJobStatus.STOPPING);
    }

    static Map<String, String> untar(String key) throws IOException {
        return ModelArchives.textFiles(sagebox.s3, "data", key);
    }

    static JsonNode record(String job, String host) throws IOException {
        return JSON.readTree(untar("output/" + job + "/output/model.tar.gz").get(host + ".json"));
    }

    static Map<String, String> files(JsonNode record, String channel) {
        Map<String, String> out = new HashMap<>();
        record.get("channels").path(channel).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    @Test
    void aJobTrainsInARealContainerAndItsModelHoldsWhatTheContainerWrote() throws Exception {
        String arn = sm.createTrainingJob(job("it-train", Map.of("learning_rate", "0.1", "epochs", "2")).build())
                .trainingJobArn();
        DescribeTrainingJobResponse done = ended("it-train");
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);

        JsonNode record = record("it-train", "algo-1");
        assertThat(files(record, "train")).isEqualTo(checksums);
        assertThat(record.get("hyperparameters").get("learning_rate").asText()).isEqualTo("0.1");
        assertThat(record.get("env").get("TRAINING_JOB_NAME").asText()).isEqualTo("it-train");
        assertThat(record.get("env").get("TRAINING_JOB_ARN").asText()).isEqualTo(arn);
        assertThat(record.get("env").get("MY_SETTING").asText()).isEqualTo("on");
        assertThat(record.get("argv").toString()).isEqualTo("[\"train\"]");
        assertThat(record.get("resourceconfig").get("current_host").asText()).isEqualTo("algo-1");
        assertThat(record.get("inputdataconfig").get("train").get("TrainingInputMode").asText()).isEqualTo("File");
        assertThat(record.get("s3").asBoolean()).as("S3 answers from inside the container: " + record.get("s3")).isTrue();
        assertThat(untar("output/it-train/output/output.tar.gz")).containsEntry("algo-1.txt", "output of algo-1\n");
        assertThat(logText("it-train"))
                .contains("algo-1: training with behaviour complete").contains("a line on stderr");
    }

    @Test
    void aManifestFileSelectsExactlyTheListedObjects() throws Exception {
        sm.createTrainingJob(job("it-manifest", Map.of()).inputDataConfig(c -> c.channelName("train")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("ManifestFile").s3Uri("s3://data/manifests/two.json"))))
                .build());
        assertThat(ended("it-manifest").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(files(record("it-manifest", "algo-1"), "train")).isEqualTo(Map.of(
                "part-1.bin", checksums.get("part-1.bin"), "nested/part-2.bin", checksums.get("nested/part-2.bin")));
    }

    @Test
    void twoHostsShardedByS3KeyEachGetADisjointHalfAndResolveEachOther() throws Exception {
        sm.createTrainingJob(job("it-sharded", Map.of())
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(2).volumeSizeInGB(1))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train/").s3DataDistributionType("ShardedByS3Key"))))
                .build());
        assertThat(ended("it-sharded").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        Map<String, String> first = files(record("it-sharded", "algo-1"), "train");
        Map<String, String> second = files(record("it-sharded", "algo-2"), "train");
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2);
        Set<String> union = new HashSet<>(first.keySet());
        union.addAll(second.keySet());
        assertThat(union).isEqualTo(checksums.keySet());
        JsonNode resolved = record("it-sharded", "algo-1").get("resolved");
        assertThat(resolved.get("algo-2").isNull()).as("algo-1 resolves algo-2").isFalse();
        assertThat(record("it-sharded", "algo-2").get("resourceconfig").get("hosts").toString())
                .isEqualTo("[\"algo-1\",\"algo-2\"]");
    }

    @Test
    void aFailingAlgorithmFailsWithItsFailureFileOrItsExitCode() {
        sm.createTrainingJob(job("it-fail", Map.of("behaviour", "fail")).build());
        sm.createTrainingJob(job("it-exit", Map.of("behaviour", "exit-code", "exit_code", "3")).build());
        DescribeTrainingJobResponse failed = ended("it-fail");
        assertThat(failed.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("AlgorithmError: it broke: learning_rate must be positive");
        DescribeTrainingJobResponse exited = ended("it-exit");
        assertThat(exited.failureReason()).as(exited.toString()).isEqualTo("AlgorithmError: Exit Code: 3");
    }

    /**
     * A resumable "algorithm": prints its progress as metric lines, records which checkpoints it found, and saves one
     * of its own in /opt/ml/checkpoints. One shell line: the model allows entrypoint strings of at most 256
     * characters without line breaks. Docker copies stdout and stderr apart, so their relative order is not kept:
     * the lines that must stay in order go to stdout.
     */
    static final String CHECKPOINTING = "ls /opt/ml/checkpoints | tr '\\n' , > /opt/ml/model/found.txt;"
            + " echo 'epoch 1: train_loss=0.75'; echo 'epoch 2: train_loss=0.5'; echo 'accuracy=0.875' >&2;"
            + " printf weights > /opt/ml/checkpoints/ckpt-$TRAINING_JOB_NAME.txt";

    static CreateTrainingJobRequest checkpointing(String name) {
        return job(name, Map.of())
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .containerEntrypoint("sh", "-c", CHECKPOINTING)
                        .metricDefinitions(m -> m.name("train:loss").regex("train_loss=([0-9.]+)"),
                                m -> m.name("accuracy").regex("accuracy=([0-9.]+)")))
                .checkpointConfig(c -> c.s3Uri("s3://data/checkpoints/resumable"))
                .build();
    }

    @Test
    void checkpointsOfOneJobResumeTheNextAndPrintedMetricsBecomeFinalMetricData() throws Exception {
        sm.createTrainingJob(checkpointing("it-ckpt-1"));
        DescribeTrainingJobResponse first = ended("it-ckpt-1");
        assertThat(first.trainingJobStatus()).as(String.valueOf(first.failureReason()))
                .isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(first.finalMetricDataList()).extracting(m -> m.metricName() + "=" + m.value())
                .containsExactlyInAnyOrder("train:loss=0.5", "accuracy=0.875");
        assertThat(first.checkpointConfig().localPath()).isEqualTo("/opt/ml/checkpoints");
        assertThat(sagebox.s3.getObjectAsBytes(r -> r.bucket("data").key("checkpoints/resumable/ckpt-it-ckpt-1.txt"))
                .asUtf8String()).isEqualTo("weights");
        assertThat(untar("output/it-ckpt-1/output/model.tar.gz")).containsEntry("found.txt", "");

        sm.createTrainingJob(checkpointing("it-ckpt-2"));
        assertThat(ended("it-ckpt-2").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(untar("output/it-ckpt-2/output/model.tar.gz")).containsEntry("found.txt", "ckpt-it-ckpt-1.txt,");
    }

    @Test
    void stopSendsSigtermAndTheModelSavedOnSigtermIsUploaded() throws Exception {
        sm.createTrainingJob(job("it-stop", Map.of("behaviour", "wait-for-stop")).build());
        await(sm, "it-stop", d -> d.secondaryStatus() == SecondaryStatus.TRAINING);
        awaitLog("it-stop", "waiting for SIGTERM");
        sm.stopTrainingJob(r -> r.trainingJobName("it-stop"));
        DescribeTrainingJobResponse stopped = ended("it-stop");
        assertThat(stopped.trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(untar("output/it-stop/output/model.tar.gz")).containsEntry("stopped.txt", "saved on SIGTERM\n");
    }

    @Test
    void aContainerIgnoringSigtermIsKilledAfterTheGracePeriod() {
        sm.createTrainingJob(job("it-stubborn", Map.of("behaviour", "ignore-stop")).build());
        await(sm, "it-stubborn", d -> d.secondaryStatus() == SecondaryStatus.TRAINING);
        sm.stopTrainingJob(r -> r.trainingJobName("it-stubborn"));
        assertThat(ended("it-stubborn").trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
    }

    @Test
    void maxRuntimeStopsTheJobAsMaxRuntimeExceeded() throws Exception {
        sm.createTrainingJob(job("it-timeout", Map.of("behaviour", "sleep", "seconds", "60"))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(2)).build());
        DescribeTrainingJobResponse stopped = ended("it-timeout");
        assertThat(stopped.trainingJobStatus()).isEqualTo(TrainingJobStatus.STOPPED);
        assertThat(stopped.secondaryStatus()).isEqualTo(SecondaryStatus.MAX_RUNTIME_EXCEEDED);
        assertThat(untar("output/it-timeout/output/model.tar.gz")).containsKey("algo-1.json");
    }

    @Test
    void aMissingImageFailsFastWithoutPulling() {
        sm.createTrainingJob(job("it-no-image", Map.of())
                .algorithmSpecification(a -> a.trainingImage("sagebox/does-not-exist:1").trainingInputMode("File"))
                .build());
        DescribeTrainingJobResponse failed = ended("it-no-image");
        assertThat(failed.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).contains("sagebox/does-not-exist:1").contains("never pulls");
        // Fast means refused before any work, not within some wall-clock window: the job's File channel was never
        // downloaded and no container ever trained.
        assertThat(failed.secondaryStatusTransitions()).extracting(t -> t.status())
                .doesNotContain(SecondaryStatus.DOWNLOADING, SecondaryStatus.TRAINING);
    }

    @Test
    void aRestartReattachesRunningJobsFailsVanishedOnesAndRemovesOrphans() throws Exception {
        Path restartHome = home.resolve("restart");
        SageboxConfig config = SageboxConfig.forTests(restartHome)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true));
        String vanishedArn;
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(config))) {
            first.s3.createBucket(r -> r.bucket("data"));
            first.s3.putObject(r -> r.bucket("data").key("train/x.csv"), RequestBody.fromString("1,2\n"));
            first.sageMaker.createTrainingJob(job("it-survivor", Map.of("behaviour", "sleep", "seconds", "6")).build());
            vanishedArn = first.sageMaker.createTrainingJob(
                    job("it-vanished", Map.of("behaviour", "sleep", "seconds", "60")).build()).trainingJobArn();
            await(first.sageMaker, "it-survivor", d -> d.secondaryStatus() == SecondaryStatus.TRAINING);
            await(first.sageMaker, "it-vanished", d -> d.secondaryStatus() == SecondaryStatus.TRAINING);
        }
        String id = Files.readString(restartHome.resolve("server-id")).strip();
        for (ContainerState c : docker.containersWithLabels(Map.of(SageboxLabels.RESOURCE, vanishedArn))) {
            docker.remove(c.id());
        }
        String orphan = docker.start(ContainerSpec.of(IMAGE, "sagebox-" + id + "-orphan", List.of("train"),
                SageboxLabels.forResource(id, "arn:aws:sagemaker:us-east-1:123456789012:training-job/long-gone", "algo-1"))
                .withEntrypoint(List.of("sleep", "300")));

        try (TestSagebox second = TestSagebox.start(Sagebox.builder(config))) {
            assertThat(docker.inspect(orphan)).as("orphan removed at start-up").isEmpty();
            DescribeTrainingJobResponse survived = await(second.sageMaker, "it-survivor",
                    d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
            assertThat(survived.trainingJobStatus()).as(survived.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
            DescribeTrainingJobResponse vanished = await(second.sageMaker, "it-vanished",
                    d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
            assertThat(vanished.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
            assertThat(vanished.failureReason()).contains("training containers are gone");
        }
        assertThat(docker.containersWithLabels(Map.of(SageboxLabels.INSTANCE, id))).isEmpty();
    }

    static void awaitLog(String job, String text) {
        Poll.until(Duration.ofSeconds(30), "the log of " + job + " saying " + text, () -> logText(job).contains(text));
    }

    /** Every line of the job's hosts, read back through CloudWatch Logs, one per line. */
    static String logText(String job) {
        StringBuilder text = new StringBuilder();
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            for (LogStream stream : logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/TrainingJobs")
                    .logStreamNamePrefix(job + "/")).logStreams()) {
                logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/TrainingJobs")
                        .logStreamName(stream.logStreamName()).startFromHead(true))
                        .events().forEach(e -> text.append(e.message()).append('\n'));
            }
        }
        return text.toString();
    }
}
