package dev.sagebox.api.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Processing jobs in real containers (Debian's python3 image): inputs staged or streamed to their LocalPath, the
 * config files SageMaker writes, outputs of every host uploaded to one S3Uri (as they are written, for Continuous),
 * exit messages, failures, stops and the time limit, and each host's output in CloudWatch Logs.
 */
@Tag("docker")
class ProcessingJobIT {
    static final String IMAGE = "sagebox/test-python:latest";
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
        sagebox.s3.createBucket(r -> r.bucket("proc"));
        put("raw/a.csv", "1,2\n".getBytes(StandardCharsets.UTF_8));
        put("raw/sub/b.csv", "3,4\n".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static void put(String key, byte[] data) {
        sagebox.s3.putObject(r -> r.bucket("proc").key(key), RequestBody.fromBytes(data));
    }

    static String get(String key) {
        return sagebox.s3.getObjectAsBytes(r -> r.bucket("proc").key(key)).asUtf8String();
    }

    static List<String> keys(String prefix) {
        return sagebox.s3.listObjectsV2(r -> r.bucket("proc").prefix(prefix)).contents().stream().map(S3Object::key)
                .toList();
    }

    /**
     * A job running {@code script}, which reaches its host as a File input inside the data's LocalPath, as the SDK's
     * ScriptProcessor sends it.
     */
    static CreateProcessingJobRequest.Builder job(String name, String script, int hosts, ProcessingInput... inputs) {
        put("code/" + name + ".py", script.getBytes(StandardCharsets.UTF_8));
        List<ProcessingInput> all = new java.util.ArrayList<>(List.of(inputs));
        all.add(ProcessingInput.builder().inputName("code").s3Input(s -> s.s3Uri("s3://proc/code/" + name + ".py")
                .localPath("/opt/ml/processing/input/code").s3DataType("S3Prefix").s3InputMode("File")).build());
        return CreateProcessingJobRequest.builder()
                .processingJobName(name)
                .roleArn(ROLE)
                .processingInputs(all)
                .appSpecification(a -> a.imageUri(IMAGE)
                        .containerEntrypoint("python3", "/opt/ml/processing/input/code/" + name + ".py")
                        .containerArguments("--flag", "value"))
                .environment(Map.of("MY_SETTING", "on"))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(hosts).instanceType("ml.m5.large")
                        .volumeSizeInGB(1)))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(120));
    }

    static DescribeProcessingJobResponse await(String name, Predicate<DescribeProcessingJobResponse> condition) {
        return Poll.value(Duration.ofSeconds(120), "processing job " + name, () -> {
            DescribeProcessingJobResponse d = sm.describeProcessingJob(r -> r.processingJobName(name));
            return condition.test(d) ? java.util.Optional.of(d) : java.util.Optional.empty();
        });
    }

    static DescribeProcessingJobResponse ended(String name) {
        return await(name, d -> d.processingJobStatus() != ProcessingJobStatus.IN_PROGRESS
                && d.processingJobStatus() != ProcessingJobStatus.STOPPING);
    }

    static final String REPORT = String.join("\n",
            "import json, os, sys",
            "rc = json.load(open('/opt/ml/config/resourceconfig.json'))",
            "pc = json.load(open('/opt/ml/config/processingjobconfig.json'))",
            "host = rc['current_host']",
            "files = sorted(os.path.relpath(os.path.join(d, f), '/opt/ml/processing/input')",
            "               for d, _, fs in os.walk('/opt/ml/processing/input') for f in fs",
            "               if not d.startswith('/opt/ml/processing/input/code'))",
            "out = {'host': host, 'hosts': rc['hosts'], 'files': files, 'argv': sys.argv[1:],",
            "       'setting': os.environ.get('MY_SETTING'), 'job': pc['ProcessingJobName'],",
            "       'data': [open(os.path.join('/opt/ml/processing/input', f)).read() for f in files]}",
            "open('/opt/ml/processing/output/' + host + '.json', 'w').write(json.dumps(out))",
            "open('/opt/ml/output/message', 'w').write('done on ' + host + ';')",
            "print('processed', len(files), 'files on', host, flush=True)");

    @Test
    void twoHostsShareTheirInputByKeyAndBothOutputsLandUnderOneS3Uri() throws IOException {
        String name = "proc-two-hosts";
        sm.createProcessingJob(job(name, REPORT, 2, ProcessingInput.builder().inputName("raw").s3Input(s -> s
                        .s3Uri("s3://proc/raw/").localPath("/opt/ml/processing/input").s3DataType("S3Prefix")
                        .s3InputMode("File").s3DataDistributionType("ShardedByS3Key")).build())
                .processingOutputConfig(o -> o.outputs(ProcessingOutput.builder().outputName("report")
                        .s3Output(s -> s.s3Uri("s3://proc/reports/" + name).localPath("/opt/ml/processing/output")
                                .s3UploadMode("EndOfJob")).build()))
                .tags(t -> t.key("team").value("data"))
                .build());
        DescribeProcessingJobResponse d = ended(name);
        assertThat(d.processingJobStatus()).as(String.valueOf(d.failureReason()))
                .isEqualTo(ProcessingJobStatus.COMPLETED);
        assertThat(d.exitMessage()).isEqualTo("done on algo-1;done on algo-2;");
        assertThat(d.processingJobArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:processing-job/" + name);
        assertThat(d.processingStartTime()).isNotNull();
        assertThat(d.processingEndTime()).isAfterOrEqualTo(d.processingStartTime());
        assertThat(d.processingInputs().get(0).s3Input().s3DataDistributionTypeAsString()).isEqualTo("ShardedByS3Key");
        assertThat(d.appSpecification().containerArguments()).containsExactly("--flag", "value");

        assertThat(keys("reports/" + name + "/")).containsExactly("reports/" + name + "/algo-1.json",
                "reports/" + name + "/algo-2.json");
        String one = get("reports/" + name + "/algo-1.json");
        String two = get("reports/" + name + "/algo-2.json");
        assertThat(one).contains("\"hosts\": [\"algo-1\", \"algo-2\"]", "\"argv\": [\"--flag\", \"value\"]",
                "\"setting\": \"on\"", "\"job\": \"" + name + "\"");
        // ShardedByS3Key: each host got one of the two objects, keeping its path under the prefix.
        assertThat(one + two).contains("\"files\": [\"a.csv\"]", "\"files\": [\"sub/b.csv\"]", "1,2", "3,4");

        assertThat(sm.listTags(r -> r.resourceArn(d.processingJobArn())).tags())
                .anyMatch(t -> t.key().equals("team") && t.value().equals("data"));
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/ProcessingJobs")
                    .logStreamNamePrefix(name + "/")).logStreams();
            assertThat(streams).extracting(LogStream::logStreamName)
                    .anyMatch(s -> s.matches(name + "/algo-1-\\d{10}"))
                    .anyMatch(s -> s.matches(name + "/algo-2-\\d{10}"));
            Poll.until(Duration.ofSeconds(10), "the host's line in its stream", () -> logs.getLogEvents(r -> r
                    .logGroupName("/aws/sagemaker/ProcessingJobs").logStreamName(streams.get(0).logStreamName())
                    .startFromHead(true)).events().stream().anyMatch(e -> e.message().startsWith("processed 1 files")));
        }
        assertThat(sm.listProcessingJobs(r -> r.nameContains("two-hosts")).processingJobSummaries())
                .singleElement().satisfies(s -> {
                    assertThat(s.processingJobStatus()).isEqualTo(ProcessingJobStatus.COMPLETED);
                    assertThat(s.exitMessage()).isEqualTo(d.exitMessage());
                });
    }

    @Test
    void aScriptThatExitsNonZeroFailsTheJobWithItsMessage() {
        String name = "proc-fails";
        sm.createProcessingJob(job(name, "import sys\nopen('/opt/ml/output/message','w').write('bad column x')\n"
                + "sys.exit(3)", 1).build());
        DescribeProcessingJobResponse d = ended(name);
        assertThat(d.processingJobStatus()).isEqualTo(ProcessingJobStatus.FAILED);
        assertThat(d.failureReason()).isEqualTo("AlgorithmError: bad column x (exit code 3 on algo-1)");
        assertThat(d.exitMessage()).isEqualTo("bad column x");
    }

    @Test
    void theOutputOfAContainerThatEndsAtOnceIsKept() {
        // The container may exit before its output is attached to; the engine's log then supplies every line.
        String name = "proc-instant";
        sm.createProcessingJob(CreateProcessingJobRequest.builder().processingJobName(name).roleArn(ROLE)
                .appSpecification(a -> a.imageUri(IMAGE).containerEntrypoint("sh", "-c", "echo said-and-gone"))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.large")
                        .volumeSizeInGB(1))).build());
        assertThat(ended(name).processingJobStatus()).isEqualTo(ProcessingJobStatus.COMPLETED);
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            String stream = logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/ProcessingJobs")
                    .logStreamNamePrefix(name + "/")).logStreams().get(0).logStreamName();
            assertThat(logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/ProcessingJobs").logStreamName(stream)
                    .startFromHead(true)).events()).extracting(e -> e.message()).containsExactly("said-and-gone");
        }
    }

    @Test
    void pipeInputStreamsGzipAndContinuousOutputAppearsWhileTheJobRuns() throws IOException {
        String name = "proc-pipe";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("streamed line\n".getBytes(StandardCharsets.UTF_8));
        }
        put("piped/data.gz", gz.toByteArray());
        String script = String.join("\n",
                "import time",
                "data = open('/opt/ml/processing/stream/piped_0').read()",
                "open('/opt/ml/processing/out/first.txt', 'w').write(data.upper())",
                "time.sleep(300)");
        sm.createProcessingJob(job(name, script, 1, ProcessingInput.builder().inputName("piped").s3Input(s -> s
                        .s3Uri("s3://proc/piped/").localPath("/opt/ml/processing/stream").s3DataType("S3Prefix")
                        .s3InputMode("Pipe").s3CompressionType("Gzip")).build())
                .processingOutputConfig(o -> o.outputs(ProcessingOutput.builder().outputName("out")
                        .s3Output(s -> s.s3Uri("s3://proc/continuous/").localPath("/opt/ml/processing/out")
                                .s3UploadMode("Continuous")).build()))
                .build());
        Poll.until(Duration.ofSeconds(60), "first.txt uploaded while the job runs",
                () -> keys("continuous/").contains("continuous/first.txt"));
        assertThat(get("continuous/first.txt")).isEqualTo("STREAMED LINE\n");
        assertThat(sm.describeProcessingJob(r -> r.processingJobName(name)).processingJobStatus())
                .isEqualTo(ProcessingJobStatus.IN_PROGRESS);
        sm.stopProcessingJob(r -> r.processingJobName(name));
        assertThat(sm.describeProcessingJob(r -> r.processingJobName(name)).processingJobStatus())
                .isIn(ProcessingJobStatus.STOPPING, ProcessingJobStatus.STOPPED);
        assertThat(ended(name).processingJobStatus()).isEqualTo(ProcessingJobStatus.STOPPED);
    }

    @Test
    void maxRuntimeStopsTheJob() {
        String name = "proc-too-long";
        sm.createProcessingJob(job(name, "import time\ntime.sleep(300)", 1)
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3)).build());
        DescribeProcessingJobResponse d = ended(name);
        assertThat(d.processingJobStatus()).isEqualTo(ProcessingJobStatus.STOPPED);
        assertThat(d.failureReason()).startsWith("MaxRuntimeExceeded");
    }
}
