package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every container Sagebox starts may not do, checked on a real engine and from inside the container. */
@Tag("security")
class HardeningIT extends DockerItBase {
    private static final long CAP_NET_RAW = 1L << 13;
    private static final long CAP_MKNOD = 1L << 27;
    private static final long CAP_SYS_ADMIN = 1L << 21;

    @TempDir
    Path home;

    @Test
    void theEngineRecordsTheHardening() {
        String id = engine.start(spec("hardened", "sleep", "30"));
        HostConfig host;
        try (DockerConnection connection = new DockerConnection(DockerEngineSettings.fromEnvironment())) {
            host = connection.call("inspect", c -> c.inspectContainerCmd(id).exec().getHostConfig());
        }
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).extracting(Capability::name).containsExactlyInAnyOrderElementsOf(
                ContainerSecurity.CAPABILITIES);
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getPidsLimit()).isEqualTo(ContainerSecurity.PIDS_LIMIT);
    }

    @Test
    void aContainerCannotMakeADeviceInItsMountNorOpenRawSocketsNorGainPrivileges() throws IOException {
        Path dir = Files.createDirectories(home.resolve("opt-ml"));
        Finished run = runToEnd(spec("attacker", "sh", "-c", String.join("; ",
                "mknod /opt/ml/disk b 8 0 && echo mknod-block-ok",
                "mknod /opt/ml/null c 1 3 && echo mknod-char-ok",
                "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status",
                "cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null",
                "python3 -c \"import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)\" && echo raw-ok",
                "echo end"))
                .withMounts(List.of(Mount.bind(dir.toString(), "/opt/ml", false))));

        assertThat(run.stdout()).contains("end").doesNotContain("mknod-block-ok", "mknod-char-ok", "raw-ok");
        assertThat(run.stderr()).contains("Operation not permitted");
        assertThat(dir.resolve("disk")).doesNotExist();
        long effective = Long.parseLong(field(run.stdout(), "CapEff"), 16);
        assertThat(effective & (CAP_NET_RAW | CAP_MKNOD | CAP_SYS_ADMIN)).isZero();
        assertThat(field(run.stdout(), "NoNewPrivs")).isEqualTo("1");
        assertThat(run.stdout()).contains(String.valueOf(ContainerSecurity.PIDS_LIMIT));
    }

    @Test
    void aContainerWithoutNetworkHasOnlyLoopback() {
        Finished run = runToEnd(spec("alone", "sh", "-c", "ls /sys/class/net").withoutNetwork());
        assertThat(run.stdout().strip().lines()).containsExactly("lo");
    }

    @Test
    void anInternalNetworkWithoutInterContainerTrafficIsReachedOnlyFromTheHost() throws Exception {
        String serverId = newServerId();
        String network = serverId + "-internal";
        engine.createNetwork(network, labels(serverId, "network"), new NetworkOptions(true, false));
        String server = engine.start(spec("server", "python3", "-m", "http.server", "8080")
                .withNetwork(network, List.of()));
        String address = engine.inspect(server).orElseThrow().ipAddresses().get(network);
        assertThat(address).isNotBlank();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + ":8080/"))
                .timeout(Duration.ofSeconds(5)).build();
        int status = Poll.value(TIMEOUT, "the server on the internal network to answer the host", () -> {
            try {
                return Optional.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        assertThat(status).isEqualTo(200);

        String probe = "import urllib.request\ntry:\n    urllib.request.urlopen('http://" + address
                + ":8080/', timeout=3)\n    print('reached')\nexcept Exception as e:\n    print('refused', e)";
        assertThat(runToEnd(python("bridge-client", probe)).stdout()).contains("refused");
        assertThat(runToEnd(python("neighbour", probe).withNetwork(network, List.of())).stdout())
                .contains("refused");
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip())
                .orElseThrow(() -> new AssertionError(name + " not in " + status));
    }
}
