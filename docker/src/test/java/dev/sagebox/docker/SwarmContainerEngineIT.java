package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm engine on a real three-node swarm made by {@code ./sagebox cluster up 3}: a container is a one-replica
 * service whose image reaches the node through the cluster's registry, with the server directory it mounts read-only
 * baked in, its port published on its node, its output followed, and stop and remove as on one engine. Services
 * spread over the nodes.
 */
class SwarmContainerEngineIT extends DockerItBase {
    private static final String SERVER_HTTP = "import http.server, functools\n"
            + "print('serving /opt/ml/model', flush=True)\n"
            + "http.server.ThreadingHTTPServer(('', 8080), functools.partial(http.server.SimpleHTTPRequestHandler,"
            + " directory='/opt/ml/model')).serve_forever()\n";

    @TempDir
    static Path home;
    static SwarmContainerEngine swarm;

    @BeforeAll
    static void clusterUp() throws Exception {
        Scripts.Run up = Scripts.run(List.of(), "cluster.sh", Map.of("SAGEBOX_HOME", home.toString()), 900, "up", "3");
        assertThat(up.exitCode()).as(up.output()).isZero();
        swarm = new SwarmContainerEngine(DockerEngineSettings.fromEnvironment(), "127.0.0.1:5000",
                home.resolve("images"));
    }

    @AfterAll
    static void clusterDown() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
        Scripts.Run down = Scripts.run(List.of(), "cluster.sh", Map.of("SAGEBOX_HOME", home.toString()), 300, "down");
        assertThat(down.exitCode()).as(down.output()).isZero();
    }

    @Test
    void aServiceServesItsBakedDirectoryOnItsNodeAndStopsAndGoesLikeAContainer(@TempDir Path model)
            throws Exception {
        Files.writeString(model.resolve("model.txt"), "weights of the model");
        String serverId = newServerId();
        String network = "sagebox-it-" + serverId;
        swarm.createNetwork(network, SageboxLabels.shared(serverId, "it"));
        ContainerSpec spec = ContainerSpec.of(IMAGE, serverId + "-web", List.of("python3", "-u", "-c", SERVER_HTTP),
                labels(serverId, "web"))
                .withMounts(List.of(Mount.bind(model.toString(), "/opt/ml/model", true)))
                .withNetwork(network, List.of())
                .withPublishedPorts(List.of(8080));
        String id = swarm.start(spec);
        try {
            ContainerState state = swarm.inspect(id).orElseThrow();
            assertThat(state.running()).isTrue();
            assertThat(state.labels()).containsAllEntriesOf(labels(serverId, "web"));
            assertThat(state.ipAddresses()).containsKey(network);
            URI file = URI.create("http://" + state.publishedHost() + ":" + state.hostPort(8080).orElseThrow()
                    + "/model.txt");
            String body = Poll.until(TIMEOUT, "the task answers at " + file, () -> get(file), b -> b.contains("weights"));
            assertThat(body).isEqualTo("weights of the model");

            RecordingLogSink sink = new RecordingLogSink();
            try (LogFollow follow = swarm.followLogs(id, sink)) {
                Poll.until(TIMEOUT, "the service's output", () -> sink.stdout().contains("serving /opt/ml/model"));
            }
            assertThat(swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId)))
                    .extracting(ContainerState::id).containsExactly(id);

            swarm.stop(id, Duration.ofSeconds(2));
            ContainerState stopped = swarm.inspect(id).orElseThrow();
            assertThat(stopped.running()).isFalse();
            assertThat(stopped.exitCode()).isPresent();
        } finally {
            swarm.remove(id);
        }
        assertThat(swarm.inspect(id)).isEmpty();
        ContainerReaper.Reaped reaped = new ContainerReaper(swarm, serverId).reap(Set.of());
        assertThat(reaped.containers()).isEmpty();
        swarm.removeNetwork(network);
        // The manager removes an overlay once the tasks that used it are gone, moments after the call returns.
        Poll.until(TIMEOUT, "the overlay removed", () -> swarm.listNetworks(Map.of(SageboxLabels.INSTANCE, serverId))
                .isEmpty() && engine.listNetworks(Map.of(SageboxLabels.INSTANCE, serverId)).isEmpty());
    }

    @Test
    void servicesSpreadOverTheNodesAndTheReaperRemovesThem() {
        String serverId = newServerId();
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String id = swarm.start(ContainerSpec.of(IMAGE, serverId + "-sleep-" + i, List.of("sleep", "600"),
                    labels(serverId, "sleep-" + i)));
            hosts.add(swarm.inspect(id).orElseThrow().publishedHost());
        }
        assertThat(hosts).as("nodes of three services").hasSize(3);
        ContainerReaper.Reaped reaped = new ContainerReaper(swarm, serverId).reap(Set.of());
        assertThat(reaped.containers()).hasSize(3);
        assertThat(swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId))).isEmpty();
    }

    @Test
    void aServicesLogEndsOnceItsTaskHasExited() {
        String serverId = newServerId();
        String id = swarm.start(ContainerSpec.of(IMAGE, serverId + "-once", List.of("sh", "-c", "echo done; sleep 1"),
                labels(serverId, "once")));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = swarm.followLogs(id, sink)) {
            assertThat(follow.awaitEnd(TIMEOUT)).as("the log of an exited service ends").isTrue();
        }
        assertThat(sink.stdout()).contains("done");
        assertThat(sink.ends()).isEqualTo(1);
        assertThat(swarm.inspect(id).orElseThrow().exitCode()).hasValue(0);
        swarm.remove(id);
    }

    @Test
    void whatASwarmCannotRunIsRefusedWithTheReason(@TempDir Path dir) {
        String serverId = newServerId();
        assertThatThrownBy(() -> swarm.start(ContainerSpec.of(IMAGE, serverId + "-w", List.of("true"),
                labels(serverId, "w")).withMounts(List.of(Mount.bind(dir.toString(), "/opt/ml/model", false)))))
                .isInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("cannot write into the server's directory");
        assertThatThrownBy(() -> swarm.start(ContainerSpec.of(IMAGE, serverId + "-g", List.of("true"),
                labels(serverId, "g")).withLimits(new ResourceLimits(0, 0, 1))))
                .isInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("cannot be given GPUs");
        assertThatThrownBy(() -> swarm.start(ContainerSpec.of("sagebox/no-such-image:1", serverId + "-n",
                List.of("true"), labels(serverId, "n"))))
                .isInstanceOf(NoSuchImageException.class);
        assertThat(swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId))).isEmpty();
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
