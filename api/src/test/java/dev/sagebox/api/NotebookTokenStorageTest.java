package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.hosting.JupyterTokens;
import dev.sagebox.hosting.NotebookSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;

/**
 * Issue 16 item 9: the token a notebook instance's Jupyter answers to is derived from a key only the server holds and
 * stored nowhere: not in the H2 file, not in any other file under SAGEBOX_HOME but the 0600 key.
 */
class NotebookTokenStorageTest {
    @TempDir
    Path home;

    @Test
    void theJupyterTokenIsInNoFileOfSageboxHome() throws IOException {
        FakeContainerEngine engine = new FakeContainerEngine(NotebookSettings.DEFAULT_IMAGE);
        String token;
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home))
                .containerEngine(engine).notebookProbe((host, port, basePath, t) -> true))) {
            sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName("secretive")
                    .instanceType("ml.t2.medium").roleArn("arn:aws:iam::123456789012:role/SageboxRole"));
            Poll.until(Duration.ofSeconds(10), "in service", () -> sagebox.sageMaker.describeNotebookInstance(
                    r -> r.notebookInstanceName("secretive")).notebookInstanceStatus() == NotebookInstanceStatus.IN_SERVICE);
            token = engine.startedSpecs().get(0).env().get("JUPYTER_TOKEN");
        }

        assertThat(token).isEqualTo(JupyterTokens.inHome(home).forNotebook("secretive"));
        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            List<Path> holding = files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
            assertThat(holding).as("files holding the Jupyter token").isEmpty();
        }
        try (Stream<Path> files = Files.walk(home.resolve("db"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> contains(f,
                    "notebook-instance/secretive".getBytes(StandardCharsets.UTF_8))).toList())
                    .as("the database on disk, whose documents can be read in it").isNotEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(JupyterTokens.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

}
