package dev.sagebox.api;

import static dev.sagebox.api.EndpointSteps.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * An inference pipeline on an engine whose containers cannot share a network namespace (a swarm, here its fake):
 * each container is started on its own, publishes its own port (8080 + its index, as SAGEMAKER_BIND_TO_PORT tells
 * it), and the router calls each at its own address in turn.
 */
class PipelineTasksComponentTest {
    static final String IMAGE = "sagebox/stub-server:latest";

    @TempDir
    Path home;

    @Test
    void eachContainerOfAPipelinePublishesItsOwnPortAndTheRouterCallsThemInTurn() {
        try (StubContainers stubs = new StubContainers(IMAGE)) {
            stubs.engine.withoutSharedNetworkNamespaces();
            SageboxConfig config = SageboxConfig.forTests(home).withHosting(new SageboxConfig.Hosting(
                    Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
            try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(config).inMemoryDatabase()
                    .containerEngine(stubs.engine));
                    SageMakerRuntimeClient runtime = sagebox.onApiPort(SageMakerRuntimeClient.builder())) {
                sagebox.sageMaker.createModel(r -> r.modelName("m-pipeline").executionRoleArn(EndpointIT.ROLE)
                        .containers(c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "one")),
                                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "two")),
                                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "three"))));
                sagebox.sageMaker.createEndpointConfig(r -> r.endpointConfigName("cfg")
                        .productionVariants(variant("P", "m-pipeline", 1, 1f)));
                sagebox.sageMaker.createEndpoint(r -> r.endpointName("ep").endpointConfigName("cfg"));
                EndpointSteps.awaitStatus(sagebox.sageMaker, "ep", EndpointStatus.IN_SERVICE, Duration.ofSeconds(60));

                var doc = StubContainers.json(runtime.invokeEndpoint(r -> r.endpointName("ep")
                        .contentType("application/json").body(SdkBytes.fromUtf8String("{\"steps\": []}")))
                        .body().asByteArray());
                assertThat(StubContainers.JSON.convertValue(doc.get("steps"), List.class))
                        .containsExactly("one", "two", "three");
                List<FakeContainerEngine.FakeContainer> containers = stubs.engine.containers().stream()
                        .filter(FakeContainerEngine.FakeContainer::running).toList();
                assertThat(containers).hasSize(3).allSatisfy(c -> {
                    int index = Integer.parseInt(c.spec().labels().get("sagebox.endpoint.container"));
                    assertThat(c.spec().joinNetworkOf()).isEmpty();
                    assertThat(c.spec().network()).isPresent();
                    assertThat(c.spec().publishedPorts()).containsExactly(StubContainers.SERVING_PORT + index);
                });
            }
        }
    }
}
