package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.RemoteApiVersion;
import org.junit.jupiter.api.Test;

class DockerConnectionTest {
    @Test
    void usesTheEnginesVersionWhenDockerJavaKnowsIt() {
        // Debian 12's engine 20.10 speaks at most 1.41: asking for anything newer is refused as "too new".
        assertThat(DockerConnection.negotiate("1.41", "1.12")).isEqualTo(RemoteApiVersion.VERSION_1_41);
    }

    @Test
    void capsANewerEngineAtTheNewestVersionDockerJavaModels() {
        assertThat(DockerConnection.negotiate("1.51", "1.24")).isEqualTo(DockerConnection.CLIENT_MAX);
        assertThat(DockerConnection.negotiate("1.52", "1.44")).isEqualTo(DockerConnection.CLIENT_MAX);
        assertThat(DockerConnection.negotiate("1.51", null)).isEqualTo(DockerConnection.CLIENT_MAX);
    }

    @Test
    void goesUnversionedWhenTheEngineDroppedEveryVersionDockerJavaModels() {
        assertThat(DockerConnection.negotiate("1.60", "1.50")).isEqualTo(RemoteApiVersion.UNKNOWN_VERSION);
        assertThat(DockerConnection.negotiate(null, null)).isEqualTo(RemoteApiVersion.UNKNOWN_VERSION);
        assertThat(DockerConnection.negotiate("garbage", "1.12")).isEqualTo(RemoteApiVersion.UNKNOWN_VERSION);
    }
}
