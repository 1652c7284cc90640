package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEngineSettingsTest {
    @Test
    void takesDockerHostFromTheEnvironmentOrTheDefaultSocket() {
        assertThat(DockerEngineSettings.fromEnvironment(Map.of()).dockerHost())
                .isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(DockerEngineSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")).dockerHost())
                .isEqualTo(URI.create("tcp://127.0.0.1:2375"));
    }

    @Test
    void refusesHostsItCannotTalkTo() {
        assertThatThrownBy(() -> new DockerEngineSettings(URI.create("ssh://h"), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DockerEngineSettings(URI.create("unix:///x"), Duration.ZERO,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
