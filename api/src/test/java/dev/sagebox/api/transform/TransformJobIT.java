package dev.sagebox.api.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/**
 * Batch transform against real inference containers (the test server in its "sum" mode: each line answered with the
 * sum of its numbers): objects spread over instances, execution parameters, MultiRecord and SingleRecord, filters
 * and joins, a refused record failing the job, stop, and each instance's output in CloudWatch Logs.
 */
@Tag("docker")
class TransformJobIT {
    static final String IMAGE = "sagebox/test-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true))));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("batch"));
        model("summer", Map.of("TEST_ANSWER", "sum", "TEST_EXECUTION_PARAMETERS",
                "{\"MaxConcurrentTransforms\": 2, \"BatchStrategy\": \"MULTI_RECORD\", \"MaxPayloadInMB\": 1}"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static void model(String name, Map<String, String> environment) {
        sm.createModel(r -> r.modelName(name).executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(IMAGE).environment(environment)));
    }

    static void put(String key, String text) {
        sagebox.s3.putObject(r -> r.bucket("batch").key(key), RequestBody.fromString(text));
    }

    static String get(String key) {
        return sagebox.s3.getObjectAsBytes(r -> r.bucket("batch").key(key)).asString(StandardCharsets.UTF_8);
    }

    static List<String> keys(String prefix) {
        return sagebox.s3.listObjectsV2(r -> r.bucket("batch").prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    static CreateTransformJobRequest.Builder job(String name, String model, String input, String contentType) {
        return CreateTransformJobRequest.builder().transformJobName(name).modelName(model)
                .transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                        .s3Uri("s3://batch/" + input))).contentType(contentType).splitType("Line"))
                .transformOutput(o -> o.s3OutputPath("s3://batch/out/" + name).assembleWith("Line"))
                .transformResources(r -> r.instanceType("ml.m5.large").instanceCount(1));
    }

    static DescribeTransformJobResponse await(String name, Predicate<DescribeTransformJobResponse> condition) {
        return Poll.value(Duration.ofSeconds(120), "transform job " + name, () -> {
            DescribeTransformJobResponse d = sm.describeTransformJob(r -> r.transformJobName(name));
            return condition.test(d) ? Optional.of(d) : Optional.empty();
        });
    }

    static DescribeTransformJobResponse ended(String name) {
        return await(name, d -> d.transformJobStatus() != TransformJobStatus.IN_PROGRESS
                && d.transformJobStatus() != TransformJobStatus.STOPPING);
    }

    @Test
    void objectsSpreadOverTwoInstancesComeBackAsOutFilesLineByLine() {
        put("csv/a.csv", "1,2\n3,4\n5,6\n");
        put("csv/sub/b.csv", "10,20\r\n30,40\n");
        String name = "tj-two-instances";
        sm.createTransformJob(job(name, "summer", "csv/", "text/csv")
                .transformResources(r -> r.instanceType("ml.m5.large").instanceCount(2))
                .transformOutput(o -> o.s3OutputPath("s3://batch/out/" + name).assembleWith("Line").accept("text/csv"))
                .tags(t -> t.key("team").value("ml")).build());
        DescribeTransformJobResponse d = ended(name);
        assertThat(d.transformJobStatus()).as(String.valueOf(d.failureReason())).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(d.transformJobArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:transform-job/" + name);
        assertThat(d.transformStartTime()).isNotNull();
        assertThat(d.transformEndTime()).isAfterOrEqualTo(d.transformStartTime());
        assertThat(d.modelName()).isEqualTo("summer");
        assertThat(d.transformOutput().accept()).isEqualTo("text/csv");
        assertThat(keys("out/" + name + "/")).containsExactly("out/" + name + "/a.csv.out",
                "out/" + name + "/sub/b.csv.out");
        assertThat(get("out/" + name + "/a.csv.out")).isEqualTo("3\n7\n11\n");
        assertThat(get("out/" + name + "/sub/b.csv.out")).isEqualTo("30\n70\n");
        assertThat(sm.listTags(r -> r.resourceArn(d.transformJobArn())).tags())
                .anyMatch(t -> t.key().equals("team") && t.value().equals("ml"));
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/TransformJobs")
                    .logStreamNamePrefix(name + "/")).logStreams();
            assertThat(streams).extracting(LogStream::logStreamName).containsExactlyInAnyOrder(name + "/algo-1",
                    name + "/algo-2");
            // The container's execution parameters said MultiRecord: all of a.csv went in one request.
            List<String> lines = logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/TransformJobs")
                    .logStreamName(name + "/algo-1").startFromHead(true)).events().stream()
                    .map(OutputLogEvent::message).toList();
            assertThat(lines).contains("transforming 3 record(s)");
        }
    }

    @Test
    void singleRecordsAreFilteredAndJoinedWithTheirInput() {
        put("json/records.jsonl", "{\"id\": 1, \"features\": [1, 2]}\n{\"id\": 2, \"features\": [3, 4]}\n");
        put("joincsv/rows.csv", "7,1,2\n8,3,4\n");
        String json = "tj-json-join";
        sm.createTransformJob(job(json, "summer", "json/", "application/jsonlines").batchStrategy("SingleRecord")
                .maxConcurrentTransforms(1)
                .dataProcessing(p -> p.inputFilter("$.features").joinSource("Input")
                        .outputFilter("$['id','SageMakerOutput']")).build());
        String csv = "tj-csv-join";
        sm.createTransformJob(job(csv, "summer", "joincsv/", "text/csv").batchStrategy("MultiRecord")
                .dataProcessing(p -> p.inputFilter("$[1:]").joinSource("Input").outputFilter("$[0,-1]")).build());
        assertThat(ended(json).transformJobStatus()).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(get("out/" + json + "/records.jsonl.out"))
                .isEqualTo("{\"id\":1,\"SageMakerOutput\":3}\n{\"id\":2,\"SageMakerOutput\":7}\n");
        DescribeTransformJobResponse d = ended(csv);
        assertThat(d.transformJobStatus()).as(String.valueOf(d.failureReason())).isEqualTo(TransformJobStatus.COMPLETED);
        assertThat(get("out/" + csv + "/rows.csv.out")).isEqualTo("7,3\n8,7\n");
        assertThat(d.dataProcessing().inputFilter()).isEqualTo("$[1:]");
        assertThat(d.batchStrategyAsString()).isEqualTo("MultiRecord");
    }

    @Test
    void aRecordTheModelRefusesFailsTheJobNamingTheObjectAndStatus() {
        model("refuser", Map.of("TEST_ANSWER", "sum", "TEST_FAIL_ON", "666"));
        put("bad/ok.csv", "1,1\n");
        put("bad/zz.csv", "1,1\n666,1\n");
        String name = "tj-refused";
        sm.createTransformJob(job(name, "refuser", "bad/", "text/csv")
                .modelClientConfig(c -> c.invocationsMaxRetries(1).invocationsTimeoutInSeconds(30)).build());
        DescribeTransformJobResponse d = ended(name);
        assertThat(d.transformJobStatus()).isEqualTo(TransformJobStatus.FAILED);
        assertThat(d.failureReason()).contains("s3://batch/bad/zz.csv", "status 500",
                "cannot transform a record with 666", "after 1 retries");
        // What was done before the failure stays.
        assertThat(get("out/" + name + "/ok.csv.out")).isEqualTo("2\n");
    }

    @Test
    void aStoppedJobEndsStoppedAndKeepsTheObjectsItFinished() {
        model("slow", Map.of("TEST_ANSWER", "sum", "TEST_SLEEP_SECONDS", "1"));
        put("slow/a.csv", "1\n");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append(i).append('\n');
        }
        put("slow/b.csv", many.toString());
        String name = "tj-stopped";
        sm.createTransformJob(job(name, "slow", "slow/", "text/csv").batchStrategy("SingleRecord")
                .maxConcurrentTransforms(1).build());
        Poll.until(Duration.ofSeconds(60), "a.csv transformed", () -> keys("out/" + name + "/").contains(
                "out/" + name + "/a.csv.out"));
        sm.stopTransformJob(r -> r.transformJobName(name));
        assertThat(sm.describeTransformJob(r -> r.transformJobName(name)).transformJobStatus())
                .isIn(TransformJobStatus.STOPPING, TransformJobStatus.STOPPED);
        assertThat(ended(name).transformJobStatus()).isEqualTo(TransformJobStatus.STOPPED);
        assertThat(keys("out/" + name + "/")).containsExactly("out/" + name + "/a.csv.out");
    }
}
