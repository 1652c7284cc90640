package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Pipe input mode in real containers: sagebox/test-algorithm reads the FIFOs and records each epoch's checksum. */
@Tag("docker")
class PipeModeIT {
    static final String IMAGE = "sagebox/test-algorithm:latest";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final List<byte[]> objects = new ArrayList<>();

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true))));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("pipe"));
        Random random = new Random(11);
        for (int i = 0; i < 4; i++) {
            // Two objects above SpliceableBody.MIN_SPLICE (1 MiB): plain channels move those with splice(2).
            byte[] bytes = new byte[(i % 2 == 0 ? 200_000 : 1_500_000) + random.nextInt(1000)];
            random.nextBytes(bytes);
            objects.add(bytes);
            String key = "part-" + i + ".bin";
            sagebox.s3.putObject(r -> r.bucket("pipe").key("plain/" + key), RequestBody.fromBytes(bytes));
            sagebox.s3.putObject(r -> r.bucket("pipe").key("gz/" + key + ".gz"),
                    RequestBody.fromBytes(PipeBytes.gzip(bytes)));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        sagebox.close();
        try (ContainerEngine docker = DockerJavaContainerEngine.fromEnvironment()) {
            String id = Files.readString(home.resolve("server-id")).strip();
            assertThat(docker.containersWithLabels(Map.of(SageboxLabels.INSTANCE, id))).isEmpty();
        }
    }

    static Channel channel(String name, String prefix, String compression, String wrapper, String distribution) {
        return Channel.builder().channelName(name).compressionType(compression).recordWrapperType(wrapper)
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri("s3://pipe/" + prefix)
                        .s3DataDistributionType(distribution)))
                .build();
    }

    static CreateTrainingJobRequest job(String name, int hosts, Map<String, String> hp, Channel... channels) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .hyperParameters(hp)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("Pipe"))
                .inputDataConfig(channels)
                .outputDataConfig(o -> o.s3OutputPath("s3://pipe/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(hosts).volumeSizeInGB(1))
                .build();
    }

    static JsonNode pipeRecord(String job, String host) throws IOException {
        DescribeTrainingJobResponse done = TrainingJobIT.await(sm, job,
                d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        return JSON.readTree(untar(job).get(host + "-pipe.json"));
    }

    static Map<String, String> untar(String job) throws IOException {
        return ModelArchives.textFiles(sagebox.s3, "pipe", "output/" + job + "/output/model.tar.gz");
    }

    static List<String> epochs(JsonNode record, String channel) {
        List<String> out = new ArrayList<>();
        record.get(channel).forEach(e -> out.add(e.get("sha256").asText()));
        return out;
    }

    @Test
    void twoChannelsStreamConcurrentlyEpochAfterEpoch() throws Exception {
        sm.createTrainingJob(job("pipe-two", 1, Map.of("behaviour", "pipe", "epochs", "3"),
                channel("train", "plain/", "None", "None", "FullyReplicated"),
                channel("extra", "gz/", "Gzip", "RecordIO", "FullyReplicated")));
        JsonNode record = pipeRecord("pipe-two", "algo-1");
        String plain = PipeBytes.sha256(PipeBytes.concat(objects));
        String framed = PipeBytes.sha256(PipeBytes.recordIo(objects));
        assertThat(epochs(record, "train")).containsExactly(plain, plain, plain);
        assertThat(epochs(record, "extra")).containsExactly(framed, framed, framed);
    }

    @Test
    void aReaderClosingEarlyIsFine() throws Exception {
        sm.createTrainingJob(job("pipe-early", 1, Map.of("behaviour", "pipe", "epochs", "2", "close_early_bytes", "1000"),
                channel("train", "plain/", "None", "None", "FullyReplicated")));
        JsonNode record = pipeRecord("pipe-early", "algo-1");
        assertThat(record.get("train").get(0).get("bytes").asInt()).isEqualTo(1000);
        assertThat(record.get("train").get(1).get("sha256").asText())
                .isEqualTo(PipeBytes.sha256(PipeBytes.concat(objects)));
    }

    @Test
    void twoHostsShardedByS3KeyEachStreamTheirOwnObjects() throws Exception {
        sm.createTrainingJob(job("pipe-sharded", 2, Map.of("behaviour", "pipe", "epochs", "1"),
                channel("train", "plain/", "None", "None", "ShardedByS3Key")));
        assertThat(epochs(pipeRecord("pipe-sharded", "algo-1"), "train"))
                .containsExactly(PipeBytes.sha256(PipeBytes.concat(List.of(objects.get(0), objects.get(2)))));
        assertThat(epochs(pipeRecord("pipe-sharded", "algo-2"), "train"))
                .containsExactly(PipeBytes.sha256(PipeBytes.concat(List.of(objects.get(1), objects.get(3)))));
    }
}
