package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * A real container's output as CloudWatch Logs: the stream SageMaker names, each line an event stamped when written,
 * read live by Debian's AWS CLI v2 ({@code aws logs tail --follow}) and by the Java SDK's CloudWatchLogsClient.
 */
@Tag("docker")
class CloudWatchLogsIT {
    static final Path AWS = Path.of("/usr/bin/aws");
    static final String GROUP = "/aws/sagemaker/TrainingJobs";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(2, Duration.ofSeconds(2), true))));
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/part-0.csv"), RequestBody.fromString("1,2\n"));
        logs = sagebox.logs();
    }

    @AfterAll
    static void stop() {
        if (logs != null) {
            logs.close();
        }
        if (sagebox != null) {
            sagebox.close();
        }
    }

    @Test
    void theCliTailsARunningJobsStreamLiveAndTheSdkReadsItsEventsInOrder() throws Exception {
        assertThat(AWS).as("Debian's awscli, installed by ./sagebox test").isExecutable();
        String job = "logs-tail";
        Instant before = Instant.now();
        sagebox.sageMaker.createTrainingJob(TrainingJobIT.job(job, Map.of("behaviour", "sleep", "seconds", "15"))
                .build());
        Path out = Files.createTempFile(home, "tail", ".txt");
        ProcessBuilder pb = new ProcessBuilder(AWS.toString(), "--endpoint-url", sagebox.endpoint().toString(),
                "--region", "us-east-1", "logs", "tail", GROUP, "--log-stream-name-prefix", job, "--follow",
                "--format", "short").redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", "sagebox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sagebox-secret");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        Process tail = pb.start();
        try {
            Poll.until(Duration.ofSeconds(60), "aws logs tail shows the first line", () -> {
                if (!tail.isAlive()) {
                    throw new AssertionError("aws logs tail ended: " + read(out));
                }
                return read(out).contains("algo-1: training with behaviour sleep");
            });
            DescribeTrainingJobResponse whileTailing = sagebox.sageMaker.describeTrainingJob(r -> r.trainingJobName(job));
            assertThat(whileTailing.trainingJobStatus()).as("the line arrived while the job ran")
                    .isEqualTo(TrainingJobStatus.IN_PROGRESS);
            Poll.until(Duration.ofSeconds(90), "aws logs tail shows the last line", () -> read(out)
                    .contains("algo-1: done"));
            assertThat(tail.isAlive()).as("--follow keeps following: " + read(out)).isTrue();
        } finally {
            tail.destroy();
        }
        // Ended before the server closes, so its container is removed and none is left behind.
        assertThat(TrainingJobIT.await(sagebox.sageMaker, job, d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS)
                .trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);

        List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName(GROUP).logStreamNamePrefix(job + "/"))
                .logStreams();
        assertThat(streams).hasSize(1);
        String stream = streams.get(0).logStreamName();
        assertThat(stream).matches(job + "/algo-1-\\d{10}");
        long startSeconds = Long.parseLong(stream.substring(stream.lastIndexOf('-') + 1));
        assertThat(startSeconds).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
        List<OutputLogEvent> events = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(stream)
                .startFromHead(true)).events();
        assertThat(events).extracting(OutputLogEvent::message).contains("algo-1: training with behaviour sleep",
                "algo-1: a line on stderr", "algo-1: done");
        OutputLogEvent first = events.get(0);
        OutputLogEvent last = events.get(events.size() - 1);
        assertThat(last.message()).isEqualTo("algo-1: done");
        // Stamped when written: the job slept 15 s between its first and last lines, whenever they were read.
        assertThat(last.timestamp() - first.timestamp()).isGreaterThanOrEqualTo(14_000);
        assertThat(events).extracting(OutputLogEvent::timestamp).isSorted();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
