package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;

/**
 * Issue 16, item 8: endpoint containers answered without a signature on their published 127.0.0.1 port and to any
 * container on Docker's default bridge. Instances now live on the server's endpoint network without a published
 * port, and only the router (on this host) reaches them; invocations and adoption after a restart still work.
 */
@Tag("docker")
@Tag("security")
class EndpointsOnlyThroughRuntimeIT {
    static final String SERVER_IMAGE = "sagebox/test-server:latest";
    static final String SHELL_IMAGE = "sagebox/test-python:latest";

    @TempDir
    static java.nio.file.Path home;
    static RealDockerSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = RealDockerSagebox.start(home, c -> c);
        sagebox.sm.createModel(r -> r.modelName("m").executionRoleArn(RealDockerSagebox.ROLE)
                .primaryContainer(c -> c.image(SERVER_IMAGE)));
        sagebox.sm.createModel(r -> r.modelName("pipeline").executionRoleArn(RealDockerSagebox.ROLE).containers(
                c -> c.image(SERVER_IMAGE).environment(java.util.Map.of("TEST_PIPELINE_STEP", "one")),
                c -> c.image(SERVER_IMAGE).environment(java.util.Map.of("TEST_PIPELINE_STEP", "two"))));
        for (String model : List.of("m", "pipeline")) {
            sagebox.sm.createEndpointConfig(r -> r.endpointConfigName(model).productionVariants(v -> v
                    .variantName("A").modelName(model).initialInstanceCount(1).initialVariantWeight(1f)
                    .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM)));
            sagebox.sm.createEndpoint(r -> r.endpointName(model).endpointConfigName(model));
        }
        sagebox.awaitInService("m");
        sagebox.awaitInService("pipeline");
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    @Test
    void instancesPublishNoPortAndLiveOnTheEndpointNetwork() {
        for (String endpoint : List.of("m", "pipeline")) {
            List<ContainerState> containers = sagebox.containersOf(endpoint);
            assertThat(containers).isNotEmpty();
            for (ContainerState c : containers) {
                assertThat(c.publishedPorts()).as(c.name() + " publishes").isEmpty();
            }
            assertThat(primary(endpoint).ipAddresses()).containsOnlyKeys("sagebox-endpoints-" + sagebox.serverId());
        }
    }

    @Test
    void aContainerOnTheDefaultBridgeCannotReachAnInstanceButTheRouterCan() throws Exception {
        String address = primary("m").ipAddresses().get("sagebox-endpoints-" + sagebox.serverId());
        String url = "http://" + address + ":8080/ping";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        // The host reaches it (that is how the router does): the address is right.
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        String probe = "import urllib.request\ntry:\n    urllib.request.urlopen('" + url + "', timeout=3)\n"
                + "    print('reached')\nexcept Exception as e:\n    print('refused', e)";
        String output = sagebox.runToEnd(ContainerSpec.of(SHELL_IMAGE, "sagebox-" + sagebox.serverId() + "-probe",
                List.of("python3", "-c", probe), sagebox.labels("probe")));
        assertThat(output).contains("refused").doesNotContain("reached");
    }

    @Test
    void invocationsWorkAndSurviveARestart() throws IOException {
        assertThat(sagebox.invoke("m").path("hostname").asText()).isNotBlank();
        JsonNode steps = sagebox.invoke("pipeline").path("steps");
        assertThat(steps.toString()).isEqualTo("[\"one\",\"two\"]");
        List<String> before = sagebox.containersOf("m").stream().map(ContainerState::id).toList();

        sagebox.restart();
        sagebox.awaitInService("m");
        assertThat(sagebox.invoke("m").path("hostname").asText()).isNotBlank();
        assertThat(sagebox.invoke("pipeline").path("steps").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(sagebox.containersOf("m").stream().map(ContainerState::id).toList())
                .as("the instance was adopted, not replaced").isEqualTo(before);
    }

    private static ContainerState primary(String endpoint) {
        return sagebox.containersOf(endpoint).stream()
                .filter(c -> "0".equals(c.labels().get("sagebox.endpoint.container"))).findFirst().orElseThrow();
    }
}
