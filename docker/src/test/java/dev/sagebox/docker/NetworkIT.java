package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkIT extends DockerItBase {
    /** Fetches a URL, retrying for a while: the server in the other container may not listen yet. */
    private static String fetch(String url) {
        return String.join("\n",
                "import sys, time, urllib.request",
                "deadline = time.time() + 60",
                "while True:",
                "    try:",
                "        urllib.request.urlopen('" + url + "', timeout=2).read()",
                "        print('fetched', flush=True)",
                "        sys.exit(0)",
                "    except Exception as e:",
                "        if time.time() > deadline:",
                "            print('failed', e, flush=True)",
                "            sys.exit(1)",
                "        time.sleep(0.2)");
    }

    private static final String SERVE = "python3 -m http.server 8080";

    @Test
    void containersOnAPrivateNetworkResolveEachOtherByAlias() {
        String serverId = newServerId();
        String network = serverId + "-net";
        engine.createNetwork(network, labels(serverId, "network"));
        engine.createNetwork(network, labels(serverId, "network")); // a second create keeps the first

        String server = engine.start(spec("algo-1", "sh", "-c", SERVE).withHostname("algo-1")
                .withNetwork(network, List.of("algo-1")));
        Finished lookup = runToEnd(spec("algo-2", "getent", "hosts", "algo-1")
                .withNetwork(network, List.of("algo-2")));
        Finished client = runToEnd(python("algo-3", fetch("http://algo-1:8080/"))
                .withNetwork(network, List.of("algo-3")));

        String address = engine.inspect(server).orElseThrow().ipAddresses().get(network);
        assertThat(address).isNotBlank();
        assertThat(lookup.exitCode()).isZero();
        assertThat(lookup.stdout()).startsWith(address + " ").contains("algo-1");
        assertThat(client.exitCode()).as(client.stdout()).isZero();
        assertThat(engine.listNetworks(Map.of(SageboxLabels.INSTANCE, serverId)))
                .containsExactly(new LabelledObject(network, labels(serverId, "network")));
        assertThat(engine.networksWithLabels(Map.of(SageboxLabels.INSTANCE, serverId))).containsExactly(network);
    }

    @Test
    void aContainerCanJoinAnothersNetworkNamespace() {
        String server = engine.start(spec("owner", "sh", "-c", SERVE));
        Finished client = runToEnd(python("joiner", fetch("http://127.0.0.1:8080/")).withJoinNetworkOf(server));
        assertThat(client.exitCode()).as(client.stdout()).isZero();
    }

    @Test
    void aPublishedPortAnswersOnLoopback() throws Exception {
        String id = engine.start(spec("web", "sh", "-c", SERVE).withPublishedPorts(List.of(8080)));
        int hostPort = engine.inspect(id).orElseThrow().hostPort(8080).orElseThrow();
        assertThat(hostPort).isPositive();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        int status = Poll.value(TIMEOUT, "the published port to answer", () -> {
            try {
                return Optional.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (java.io.IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        assertThat(status).isEqualTo(200);
    }

    @Test
    void removingAnAbsentNetworkIsFine() {
        engine.removeNetwork(newServerId() + "-never-created");
    }
}
