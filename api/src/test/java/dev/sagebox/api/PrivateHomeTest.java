package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Other local users cannot read SAGEBOX_HOME: the home and its top-level folders are 0700, and the database, the
 * server id and the log store's files are 0600, after a start and a training job that wrote logs.
 */
@Tag("security")
class PrivateHomeTest {
    private static final String IMAGE = "sagebox/fake-trainer:1";

    @TempDir
    Path parent;

    @Test
    void theHomeItsFoldersAndTheFilesSageboxWritesAreOwnerOnly() throws IOException {
        Path home = parent.resolve("home");
        FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
        engine.onStart(c -> {
            c.stdout("epoch 1 loss=0.5\n").stderr("a warning\n");
            c.exit(0);
        });
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).containerEngine(engine))) {
            sagebox.s3.createBucket(r -> r.bucket("data"));
            sagebox.s3.putObject(r -> r.bucket("data").key("train/a.csv"), RequestBody.fromString("1,2\n"));
            sagebox.sageMaker.createTrainingJob(TrainingJobTest.job("private-1").build());
            assertThat(TrainingJobs.ended(sagebox.sageMaker, "private-1", Duration.ofSeconds(30)).trainingJobStatus())
                    .isEqualTo(TrainingJobStatus.COMPLETED);
        }

        assertThat(mode(home)).isEqualTo("rwx------");
        try (Stream<Path> top = Files.list(home)) {
            for (Path p : top.toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        List<Path> written = walk(home.resolve("db"), home.resolve("logs"));
        assertThat(written).as("database and log files").anyMatch(p -> p.toString().endsWith(".mv.db"))
                .anyMatch(p -> p.startsWith(home.resolve("logs")) && Files.isRegularFile(p));
        for (Path p : written) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    private static List<Path> walk(Path... roots) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> all = Files.walk(root)) {
                out.addAll(all.toList());
            }
        }
        return out;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
