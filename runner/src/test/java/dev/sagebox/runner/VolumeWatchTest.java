package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeWatchTest {
    @TempDir Path root;

    static TrainingSpec spec(int volumeSizeInGB) {
        return new TrainingSpec("Job-1", "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
                new AlgorithmSpec("sagebox/test-algorithm", ChannelInputMode.FILE, Optional.empty(), Optional.empty()),
                "arn:aws:iam::123456789012:role/R", Map.of(), List.of(), "s3://b/out", Optional.empty(), "ml.m5.large", 2, volumeSizeInGB,
                Duration.ofHours(1), Map.of(), TrainingOptions.DEFAULTS);
    }

    /** Files are measured by their length, so a sparse file stands in for gigabytes without writing them. */
    static void sized(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    @Test
    void aHostWithinItsVolumeSizePassesAndOneOverItFailsWithTheReasonNamingTheVolume() throws IOException {
        JobWorkspace workspace = new JobWorkspace(root, "Job-1", 2);
        VolumeWatch watch = new VolumeWatch(spec(1), workspace);
        sized(workspace.channelDir("algo-1", "train").resolve("data.csv"), 600L << 20);
        sized(workspace.modelDir("algo-1").resolve("model.bin"), 400L << 20);
        sized(workspace.modelDir("algo-2").resolve("model.bin"), 1000L << 20);
        assertThat(watch.check()).isEmpty();

        sized(workspace.checkpointMount("algo-2").resolve("ckpt.pt"), 100L << 20);

        assertThat(watch.check()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("ClientError: The training job's storage on algo-2")
                .contains("exceeded its VolumeSizeInGB of 1 GB")
                .contains("it held " + (1100L << 20) + " bytes"));
    }

    @Test
    void hardLinksCountOnceAndAMissingWorkspaceIsEmpty() throws IOException {
        JobWorkspace workspace = new JobWorkspace(root, "Job-1", 1);
        assertThat(VolumeWatch.bytes(workspace.optMl("algo-1"))).isZero();
        Path file = workspace.modelDir("algo-1").resolve("a.bin");
        sized(file, 700L << 20);
        Files.createLink(workspace.modelDir("algo-1").resolve("b.bin"), file);

        assertThat(VolumeWatch.bytes(workspace.optMl("algo-1"))).isEqualTo(700L << 20);
        assertThat(new VolumeWatch(spec(1), workspace).check()).isEmpty();
    }
}
