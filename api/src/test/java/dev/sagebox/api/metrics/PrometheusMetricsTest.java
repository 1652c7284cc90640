package dev.sagebox.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * {@code GET /metrics} of a whole server (fake engine): Prometheus text without a signature, training jobs by status
 * and their run time, channel bytes by mode, the record store, the HTTP server and the JVM.
 */
class PrometheusMetricsTest {
    static final String IMAGE = "sagebox/fake-trainer:1";
    static final HttpClient HTTP = HttpClient.newHttpClient();

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
        sagebox.s3.putObject(r -> r.bucket("data").key("train/a.csv"), RequestBody.fromString("1,2\n3,4\n"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/b.csv"), RequestBody.fromString("5,6\n"));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static HttpResponse<String> get(String method) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sagebox.endpoint() + "/metrics"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFinishedTrainingJobIsCountedTimedAndItsChannelBytesAreCounted() throws Exception {
        sagebox.sageMaker.createTrainingJob(r -> r.trainingJobName("metered")
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train").s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)));
        Poll.until(Duration.ofSeconds(30), "the job completes", () -> sagebox.sageMaker.describeTrainingJob(
                r -> r.trainingJobName("metered")).trainingJobStatus() == TrainingJobStatus.COMPLETED);

        HttpResponse<String> scraped = get("GET");

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValue(PrometheusMetrics.CONTENT_TYPE);
        assertThat(scraped.body())
                .contains("sagebox_training_jobs{status=\"Completed\"} 1.0\n")
                .contains("sagebox_training_job_seconds_count{status=\"Completed\"} 1\n")
                .contains("sagebox_training_job_seconds_bucket{status=\"Completed\",le=\"+Inf\"} 1\n")
                .contains("sagebox_training_channel_bytes_total{mode=\"File\"} 12.0\n")
                .contains("sagebox_training_channel_bytes_total{mode=\"Pipe\"} 0.0\n");
    }

    @Test
    void theServerTheRecordStoreAndTheJvmAreShownWithoutASignature() throws Exception {
        String body = get("GET").body();

        assertThat(body).contains("# TYPE sagebox_h2_connections_active gauge")
                .contains("sagebox_h2_info{setting=")
                .contains("sagebox_http_io_threads ")
                .contains("sagebox_http_worker_threads_busy ")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads ")
                .contains("process_uptime_seconds ");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        HttpResponse<String> posted = get("POST");

        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
