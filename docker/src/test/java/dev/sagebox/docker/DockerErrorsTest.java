package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
    private static final URI HOST = URI.create("unix:///var/run/docker.sock");

    @Test
    void readsTheEnginesMessageFromAnErrorBody() {
        assertThat(DockerErrors.engineMessage(new NotFoundException("Status 404: {\"message\":\"No such image: a:b\"}\n")))
                .isEqualTo("No such image: a:b");
        assertThat(DockerErrors.engineMessage(new NotFoundException("plain text"))).isEqualTo("plain text");
    }

    @Test
    void connectionFailuresMeanNoEngine() {
        RuntimeException e = DockerErrors.translate("list containers",
                new RuntimeException(new ConnectException("Connection refused")), HOST);
        assertThat(e).isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("No Docker engine answers at unix:///var/run/docker.sock");
    }

    @Test
    void timeoutsMeanAnEngineThatDoesNotAnswer() {
        RuntimeException e = DockerErrors.translate("list containers",
                new UncheckedIOException(new SocketTimeoutException("Read timed out")), HOST);
        assertThat(e).isInstanceOf(EngineUnavailableException.class).hasMessageContaining("did not answer in time");
    }

    @Test
    void engineRefusalsKeepTheEnginesWords() {
        RuntimeException e = DockerErrors.translate("create container x",
                new ConflictException("{\"message\":\"Conflict. The container name \\\"/x\\\" is already in use\"}"), HOST);
        assertThat(e).isExactlyInstanceOf(ContainerEngineException.class)
                .hasMessage("create container x failed: HTTP 409: Conflict. The container name \"/x\" is already in use");
    }

    @Test
    void portExceptionsPassThrough() {
        NoSuchImageException missing = new NoSuchImageException("a", null);
        assertThat(DockerErrors.translate("x", missing, HOST)).isSameAs(missing);
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        assertThat(DockerErrors.translate("x", bad, HOST)).isSameAs(bad);
    }
}
