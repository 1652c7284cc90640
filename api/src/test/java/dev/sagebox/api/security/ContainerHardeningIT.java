package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.core.InstanceTypes;
import dev.sagebox.docker.ContainerSecurity;
import dev.sagebox.docker.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Issue 16, item 7: what a workload may not do in the containers Sagebox starts. The review's training container
 * made a block device for the host's disk, mode 0666, inside SAGEBOX_HOME; endpoint containers ran without memory or
 * CPU limits; no container had a pids limit or no-new-privileges.
 */
@Tag("docker")
@Tag("security")
class ContainerHardeningIT {
    static final String SHELL_IMAGE = "sagebox/test-python:latest";
    static final String SERVER_IMAGE = "sagebox/test-server:latest";

    @TempDir
    static Path home;
    static RealDockerSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = RealDockerSagebox.start(home, c -> c.withTraining(new SageboxConfig.Training(2,
                Duration.ofSeconds(2), true)));
        sagebox.s3.createBucket(r -> r.bucket("out"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    @Test
    void aTrainingContainerCannotMakeADeviceNorOpenARawSocketNorGainPrivileges() throws IOException {
        String script = String.join("\n",
                "cd /opt/ml/model",
                "(mknod disk b 8 0 && chmod 666 disk && echo made) > mknod.txt 2>&1",
                "(mknod /opt/ml/input/null c 1 3 && echo made) >> mknod.txt 2>&1",
                "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status > status.txt",
                "cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max > pids.txt 2>/dev/null",
                "python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, 1); print(\"raw-ok\")'"
                        + " > raw.txt 2>&1",
                "exit 0");
        sagebox.s3.putObject(r -> r.bucket("out").key("code/mknod.sh"), RequestBody.fromString(script));
        sagebox.sm.createTrainingJob(r -> r.trainingJobName("mknod")
                .roleArn(RealDockerSagebox.ROLE)
                .algorithmSpecification(a -> a.trainingImage(SHELL_IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .containerEntrypoint("sh", "/opt/ml/input/data/code/mknod.sh"))
                .inputDataConfig(RealDockerSagebox.channel("code", "s3://out/code/"))
                .outputDataConfig(o -> o.s3OutputPath("s3://out/jobs/"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(300)));
        DescribeTrainingJobResponse done = sagebox.trainingJobEnded("mknod");
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);

        Map<String, String> files = sagebox.archive("out", "jobs/mknod/output/model.tar.gz");
        assertThat(files.get("mknod.txt")).contains("Operation not permitted").doesNotContain("made");
        long effective = Long.parseLong(field(files.get("status.txt"), "CapEff"), 16);
        assertThat(effective & (1L << 27)).as("CAP_MKNOD").isZero();
        assertThat(effective & (1L << 13)).as("CAP_NET_RAW").isZero();
        assertThat(effective & (1L << 21)).as("CAP_SYS_ADMIN").isZero();
        assertThat(field(files.get("status.txt"), "NoNewPrivs")).isEqualTo("1");
        assertThat(files.get("pids.txt").strip()).isEqualTo(String.valueOf(ContainerSecurity.PIDS_LIMIT));
        assertThat(files.get("raw.txt")).contains("Operation not permitted").doesNotContain("raw-ok");
        try (Stream<Path> all = Files.walk(home)) {
            List<Path> devices = all.filter(ContainerHardeningIT::isDevice).toList();
            assertThat(devices).as("device files in SAGEBOX_HOME").isEmpty();
        }
    }

    @Test
    void endpointContainersHaveTheirInstanceTypesLimitsAndAReadOnlyModel() throws IOException {
        sagebox.sm.createModel(r -> r.modelName("limited").executionRoleArn(RealDockerSagebox.ROLE)
                .primaryContainer(c -> c.image(SERVER_IMAGE)));
        sagebox.sm.createEndpointConfig(r -> r.endpointConfigName("limited").productionVariants(v -> v
                .variantName("A").modelName("limited").initialInstanceCount(1).initialVariantWeight(1f)
                .instanceType(ProductionVariantInstanceType.ML_M5_LARGE)));
        sagebox.sm.createEndpoint(r -> r.endpointName("limited").endpointConfigName("limited"));
        sagebox.awaitInService("limited");

        JsonNode answer = sagebox.invoke("limited");
        EngineInfo engine = sagebox.engine.info();
        InstanceTypes.Shape m5large = InstanceTypes.shape("ml.m5.large").orElseThrow();
        long memory = Math.min(m5large.memoryGiB() << 30, engine.memoryBytes());
        double cpus = Math.min(m5large.vcpus(), Math.max(1, engine.cpus()));
        assertThat(answer.path("limits").path("memory").asLong()).isEqualTo(memory);
        assertThat(answer.path("limits").path("cpus").asDouble()).isEqualTo(cpus);
        assertThat(answer.path("limits").path("pids").asLong()).isEqualTo(ContainerSecurity.PIDS_LIMIT);
        assertThat(answer.path("model_dir_writable").asBoolean(true)).as("/opt/ml/model writable").isFalse();
        sagebox.deleteEndpointAndWait("limited");
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip())
                .orElseThrow(() -> new AssertionError(name + " not in " + status));
    }

    /** A block or character device (what the review made), as stat's file type says. */
    private static boolean isDevice(Path p) {
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            return type == 0060000 || type == 0020000;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
