package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.SageboxConfig;
import dev.sagebox.docker.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Issue 16, item 6: a model archive that would expand past 1000 times its size or past the instance's ML storage
 * volume fails the endpoint with a reason and is never written out; a training job that writes more than its
 * VolumeSizeInGB into /opt/ml is stopped and fails with a reason. Real Docker, sagebox/test-algorithm.
 */
@Tag("docker")
class DiskBoundsIT {
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    static LimitsServer box;

    @BeforeAll
    static void start() {
        box = new LimitsServer(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(2, Duration.ofSeconds(2), true)));
        box.s3.createBucket(b -> b.bucket("data"));
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            assertThat(box.closeAndSweep()).as("containers left behind").isEmpty();
        }
    }

    @Test
    void aModelArchiveThatWouldExpandPastItsBoundsFailsTheEndpointWithAReasonAndIsNeverWritten() throws IOException {
        // The review's case in small: a header that declares 10 GiB behind a few compressed kilobytes.
        putArchive("bomb/model.tar.gz", archiveDeclaring(10L << 30, new byte[1 << 20]));
        DescribeEndpointResponse ratio = failedEndpoint("ep-bomb", "bomb/model.tar.gz");
        assertThat(ratio.failureReason()).startsWith("Failed to extract model data archive from URL "
                + "\"s3://data/bomb/model.tar.gz\" for production variant A: the archive expands to more than")
                .contains("more than 1000 times its compressed size of").contains("Extraction was stopped");

        // Incompressible bytes: within 1000 times its size, but not within an ml.t2.medium's 2 GiB volume.
        byte[] noise = new byte[8 << 20];
        new Random(16).nextBytes(noise);
        putArchive("big/model.tar.gz", archiveDeclaring(10L << 30, noise));
        DescribeEndpointResponse storage = failedEndpoint("ep-big", "big/model.tar.gz");
        assertThat(storage.failureReason())
                .contains("more than the 2 GiB ML storage volume of an ml.t2.medium instance");

        assertThat(box.containersOf("arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep-bomb")).isEmpty();
        assertThat(sizeOf(home.resolve("endpoints"))).isLessThan(1L << 20);
        box.sm.deleteEndpoint(r -> r.endpointName("ep-bomb"));
        box.sm.deleteEndpoint(r -> r.endpointName("ep-big"));
    }

    @Test
    void aTrainingJobWritingPastItsVolumeSizeIsStoppedAndFailsWithAReason() {
        // Writes 1.4 GiB into /opt/ml/model, then would keep running for ten minutes.
        box.sm.createTrainingJob(job("tj-fills-disk", Map.of("behaviour", "write", "mebibytes", "1400",
                "seconds", "600")));
        DescribeTrainingJobResponse stopped = ended("tj-fills-disk");
        assertThat(stopped.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(stopped.failureReason()).startsWith("ClientError: The training job's storage on algo-1")
                .contains("exceeded its VolumeSizeInGB of 1 GB").contains("The job was stopped");

        // Writes as much and exits at once: the last measurement after the exit catches it.
        box.sm.createTrainingJob(job("tj-quick-fill", Map.of("behaviour", "write", "mebibytes", "1400")));
        DescribeTrainingJobResponse quick = ended("tj-quick-fill");
        assertThat(quick.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(quick.failureReason()).contains("exceeded its VolumeSizeInGB of 1 GB");

        box.sm.createTrainingJob(job("tj-fits", Map.of("behaviour", "write", "mebibytes", "64")));
        DescribeTrainingJobResponse fits = ended("tj-fits");
        assertThat(fits.trainingJobStatus()).as(fits.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A .tar.gz of one file whose header declares {@code declared} bytes, followed by only {@code payload}. */
    static byte[] archiveDeclaring(long declared, byte[] payload) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("weights.bin");
        entry.setSize(declared);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(header);
            gz.write(payload);
        }
        return bytes.toByteArray();
    }

    static void putArchive(String key, byte[] archive) {
        box.s3.putObject(r -> r.bucket("data").key(key), RequestBody.fromBytes(archive));
    }

    static DescribeEndpointResponse failedEndpoint(String name, String key) {
        box.sm.createModel(r -> r.modelName(name).executionRoleArn(LimitsServer.ROLE).primaryContainer(c -> c
                .image("sagebox/test-server:latest").modelDataUrl("s3://data/" + key)));
        box.sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(v -> v.variantName("A")
                .modelName(name).initialInstanceCount(1).instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM)));
        box.sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(name));
        return Poll.value(WAIT, name + " failed", () -> {
            DescribeEndpointResponse d = box.sm.describeEndpoint(r -> r.endpointName(name));
            return d.endpointStatus() == EndpointStatus.FAILED ? Optional.of(d) : Optional.empty();
        });
    }

    static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest job(String name,
            Map<String, String> hyperParameters) {
        return software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest.builder()
                .trainingJobName(name).roleArn(LimitsServer.ROLE).hyperParameters(hyperParameters)
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest")
                        .trainingInputMode(TrainingInputMode.FILE))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output/"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(900)).build();
    }

    static DescribeTrainingJobResponse ended(String name) {
        return Poll.value(WAIT, name + " ended", () -> {
            DescribeTrainingJobResponse d = box.sm.describeTrainingJob(r -> r.trainingJobName(name));
            return d.trainingJobStatus() == TrainingJobStatus.IN_PROGRESS
                    || d.trainingJobStatus() == TrainingJobStatus.STOPPING ? Optional.empty() : Optional.of(d);
        });
    }

    static long sizeOf(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
