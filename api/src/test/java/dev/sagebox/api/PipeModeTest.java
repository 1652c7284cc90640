package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Pipe input mode with the fake engine: the fake "algorithm" reads the FIFOs from the host side of the /opt/ml mount,
 * exactly as a container would through it, so each test controls when an epoch is read.
 */
class PipeModeTest {
    static final String IMAGE = "sagebox/fake-pipe:1";
    static final byte[] A = "first object\n".getBytes();
    static final byte[] B = "second, longer object of 37 bytes..\n".getBytes();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
    /** What each job's fake algorithm read, per epoch, as sha256 (or an error). */
    static final Map<String, List<String>> read = new ConcurrentHashMap<>();
    static final Map<String, Runnable> betweenEpochs = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("pipe"));
        put("plain/a.bin", A);
        put("plain/b.bin", B);
        put("gz/a.bin.gz", PipeBytes.gzip(A));
        put("gz/b.bin.gz", PipeBytes.gzip(B));
        engine.onStart(c -> new Thread(() -> algorithm(c)).start());
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static void put(String key, byte[] bytes) {
        sagebox.s3.putObject(r -> r.bucket("pipe").key(key), RequestBody.fromBytes(bytes));
    }

    /** Reads epochs 0 and 1 of channel "train" (epoch 0 only 5 bytes when early-close is asked), then exits 0. */
    static void algorithm(FakeContainerEngine.FakeContainer c) {
        Path optMl = Path.of(c.spec().mounts().get(0).source());
        String job = c.spec().env().get("TRAINING_JOB_NAME");
        boolean early = job.contains("early");
        try {
            JsonNode config = new ObjectMapper().readTree(optMl.resolve("input/config/inputdataconfig.json").toFile());
            read.put(job + ":mode", List.of(config.get("train").get("TrainingInputMode").asText()));
            for (int epoch = 0; epoch < 2; epoch++) {
                Path fifo = optMl.resolve("input/data/train_" + epoch);
                awaitFile(fifo);
                try (InputStream in = Files.newInputStream(fifo)) {
                    byte[] bytes = early && epoch == 0 ? in.readNBytes(5) : in.readAllBytes();
                    read.computeIfAbsent(job, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(PipeBytes.sha256(bytes));
                }
                betweenEpochs.getOrDefault(job + ":" + epoch, () -> { }).run();
            }
            c.exit(0);
        } catch (IOException | RuntimeException | AssertionError e) {
            // A FIFO that never appeared (Poll's AssertionError) fails the job too, rather than leaving it running.
            c.exit(1);
        }
    }

    static void awaitFile(Path p) {
        Poll.until(Duration.ofSeconds(20), "the FIFO " + p, () -> Files.exists(p));
    }

    static CreateTrainingJobRequest job(String name, String prefix, String compression, String wrapper) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("Pipe"))
                .inputDataConfig(c -> c.channelName("train").compressionType(compression).recordWrapperType(wrapper)
                        .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri("s3://pipe/" + prefix))))
                .outputDataConfig(o -> o.s3OutputPath("s3://pipe/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .build();
    }

    static DescribeTrainingJobResponse ended(String name) {
        return await(name, d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
    }

    static DescribeTrainingJobResponse await(String name, Predicate<DescribeTrainingJobResponse> condition) {
        return TrainingJobs.await(sm, name, Duration.ofSeconds(30), condition);
    }

    @Test
    void everyEpochCarriesTheWholeChannelAndDownloadingIsSkipped() {
        sm.createTrainingJob(job("pipe-plain", "plain/", "None", "None"));
        DescribeTrainingJobResponse done = ended("pipe-plain");
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        String whole = PipeBytes.sha256(PipeBytes.concat(List.of(A, B)));
        assertThat(read.get("pipe-plain")).containsExactly(whole, whole);
        assertThat(read.get("pipe-plain:mode")).containsExactly("Pipe");
        assertThat(done.secondaryStatusTransitions()).extracting(t -> t.statusAsString())
                .containsExactly("Starting", "Training", "Uploading", "Completed");
    }

    @Test
    void gzipIsInflatedAndRecordIoFramesEachObject() {
        sm.createTrainingJob(job("pipe-gz-rio", "gz/", "Gzip", "RecordIO"));
        assertThat(ended("pipe-gz-rio").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        String framed = PipeBytes.sha256(PipeBytes.recordIo(List.of(A, B)));
        assertThat(read.get("pipe-gz-rio")).containsExactly(framed, framed);

        sm.createTrainingJob(job("pipe-rio", "plain/", "None", "RecordIO"));
        assertThat(ended("pipe-rio").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(read.get("pipe-rio")).containsExactly(framed, framed);
    }

    @Test
    void aReaderMayCloseAnEpochEarly() {
        sm.createTrainingJob(job("pipe-early", "plain/", "None", "None"));
        assertThat(ended("pipe-early").trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(read.get("pipe-early")).containsExactly(
                PipeBytes.sha256("first".getBytes()), PipeBytes.sha256(PipeBytes.concat(List.of(A, B))));
    }

    @Test
    void anObjectThatCannotBeReadFailsTheJobInsteadOfTruncatingTheStream() {
        // The first object is larger than the block the feeder reads ahead before the algorithm opens the next
        // FIFO, so epoch 1 reaches b.bin only after the algorithm deleted it between the epochs.
        put("vanishing/a.bin", new byte[3 << 20]);
        put("vanishing/b.bin", B);
        betweenEpochs.put("pipe-s3-error:0", () -> sagebox.s3.deleteObject(r -> r.bucket("pipe").key("vanishing/b.bin")));
        sm.createTrainingJob(job("pipe-s3-error", "vanishing/", "None", "None"));
        DescribeTrainingJobResponse failed = ended("pipe-s3-error");
        assertThat(failed.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("ClientError: Pipe input channel \"train\" could not be streamed")
                .contains("vanishing/b.bin");
    }
}
