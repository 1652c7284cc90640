package dev.sagebox.api.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/**
 * A server that stops while a transform job and a processing job run: the next start re-attaches to their running
 * containers, and both end Completed with every output, the transform not sending again what was done.
 */
@Tag("docker")
class BatchJobsRestartIT {
    @TempDir
    static Path home;
    static final ContainerEngine docker = DockerJavaContainerEngine.fromEnvironment();

    @AfterAll
    static void close() {
        docker.close();
    }

    @Test
    void runningTransformAndProcessingJobsCarryOnAfterARestart() throws Exception {
        SageboxConfig config = SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true));
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(config))) {
            SageMakerClient sm = first.sageMaker;
            first.s3.createBucket(r -> r.bucket("restarts"));
            for (String key : new String[] {"in/a.csv", "in/b.csv", "in/c.csv"}) {
                first.s3.putObject(r -> r.bucket("restarts").key(key), RequestBody.fromString("1,2\n3,4\n"));
            }
            first.s3.putObject(r -> r.bucket("restarts").key("code/slow.py"), RequestBody.fromString(
                    "import time\ntime.sleep(6)\nopen('/opt/ml/processing/out/done.txt', 'w').write('done')\n"));
            sm.createModel(r -> r.modelName("slow-summer").executionRoleArn(TransformJobIT.ROLE)
                    .primaryContainer(c -> c.image(TransformJobIT.IMAGE)
                            .environment(Map.of("TEST_ANSWER", "sum", "TEST_SLEEP_SECONDS", "1"))));
            sm.createTransformJob(r -> r.transformJobName("tj-restart").modelName("slow-summer")
                    .batchStrategy("SingleRecord").maxConcurrentTransforms(1)
                    .transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                            .s3Uri("s3://restarts/in/"))).contentType("text/csv").splitType("Line"))
                    .transformOutput(o -> o.s3OutputPath("s3://restarts/out").assembleWith("Line"))
                    .transformResources(t -> t.instanceType("ml.m5.large").instanceCount(1)));
            sm.createProcessingJob(r -> r.processingJobName("pj-restart").roleArn(TransformJobIT.ROLE)
                    .appSpecification(a -> a.imageUri("sagebox/test-python:latest")
                            .containerEntrypoint("python3", "/opt/ml/processing/code/slow.py"))
                    .processingInputs(ProcessingInput.builder().inputName("code").s3Input(s -> s
                            .s3Uri("s3://restarts/code/").localPath("/opt/ml/processing/code").s3DataType("S3Prefix")
                            .s3InputMode("File")).build())
                    .processingOutputConfig(o -> o.outputs(ProcessingOutput.builder().outputName("out")
                            .s3Output(s -> s.s3Uri("s3://restarts/processed").localPath("/opt/ml/processing/out")
                                    .s3UploadMode("EndOfJob")).build()))
                    .processingResources(p -> p.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.large")
                            .volumeSizeInGB(1)))
                    .stoppingCondition(s -> s.maxRuntimeInSeconds(120)));
            Poll.until(Duration.ofSeconds(90), "the first object transformed",
                    () -> keys(first, "out/").contains("out/a.csv.out"));
        }
        String id = Files.readString(home.resolve("server-id")).strip();
        try (TestSagebox second = TestSagebox.start(Sagebox.builder(config))) {
            DescribeTransformJobResponse transform = Poll.value(Duration.ofSeconds(120), "the transform ends",
                    () -> Optional.of(second.sageMaker.describeTransformJob(r -> r.transformJobName("tj-restart")))
                            .filter(d -> d.transformJobStatus() != TransformJobStatus.IN_PROGRESS));
            assertThat(transform.transformJobStatus()).as(transform.failureReason())
                    .isEqualTo(TransformJobStatus.COMPLETED);
            assertThat(keys(second, "out/")).containsExactly("out/a.csv.out", "out/b.csv.out", "out/c.csv.out");
            assertThat(text(second, "out/c.csv.out")).isEqualTo("3\n7\n");
            DescribeProcessingJobResponse processing = Poll.value(Duration.ofSeconds(120), "the processing ends",
                    () -> Optional.of(second.sageMaker.describeProcessingJob(r -> r.processingJobName("pj-restart")))
                            .filter(d -> d.processingJobStatus() != ProcessingJobStatus.IN_PROGRESS));
            assertThat(processing.processingJobStatus()).as(processing.failureReason())
                    .isEqualTo(ProcessingJobStatus.COMPLETED);
            assertThat(text(second, "processed/done.txt")).isEqualTo("done");
        }
        Poll.until(Duration.ofSeconds(60), "no container of the server left", () -> docker.containersWithLabels(
                Map.of(SageboxLabels.INSTANCE, id)).isEmpty());
    }

    private static java.util.List<String> keys(TestSagebox s, String prefix) {
        return s.s3.listObjectsV2(r -> r.bucket("restarts").prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static String text(TestSagebox s, String key) {
        return s.s3.getObjectAsBytes(r -> r.bucket("restarts").key(key)).asString(StandardCharsets.UTF_8);
    }
}
