package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No engine needed: these talk to places where none answers. */
class EngineUnavailableTest {
    @Test
    void aMissingSocketSaysNoEngineAnswers(@TempDir Path dir) {
        URI host = URI.create("unix://" + dir.resolve("docker.sock"));
        try (DockerJavaContainerEngine engine = new DockerJavaContainerEngine(
                new DockerEngineSettings(host, Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
            assertThatThrownBy(engine::info).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("No Docker engine answers at " + host);
            // Not cached: the next call tries again (an engine may start later).
            assertThatThrownBy(() -> engine.containersWithLabels(Map.of("a", "b")))
                    .isInstanceOf(EngineUnavailableException.class);
        }
    }

    @Test
    void aRefusedTcpPortSaysNoEngineAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI host = URI.create("tcp://127.0.0.1:" + port);
        try (DockerJavaContainerEngine engine = new DockerJavaContainerEngine(
                new DockerEngineSettings(host, Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> engine.imageExists("x")).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("No Docker engine answers at " + host);
        }
    }

    @Test
    void anEngineThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            URI host = URI.create("tcp://127.0.0.1:" + silent.getLocalPort());
            try (DockerJavaContainerEngine engine = new DockerJavaContainerEngine(
                    new DockerEngineSettings(host, Duration.ofSeconds(2), Duration.ofMillis(500)))) {
                assertThatThrownBy(engine::info).isInstanceOf(EngineUnavailableException.class)
                        .hasMessageContaining("did not answer in time");
            }
        }
    }
}
