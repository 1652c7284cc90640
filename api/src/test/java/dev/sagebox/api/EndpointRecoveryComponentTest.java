package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.EngineInfo;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.ImageBuild;
import dev.sagebox.docker.LabelledObject;
import dev.sagebox.docker.LogFollow;
import dev.sagebox.docker.LogSink;
import dev.sagebox.docker.NetworkOptions;
import dev.sagebox.docker.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Recovery on the fake engine: a server that restarts on the same home (H2 on disk) adopts the instances still
 * running, and routing resumes to the same ones. The engine outlives the first server, as Docker does.
 */
class EndpointRecoveryComponentTest {
    static final Duration WAIT = EndpointComponentTest.WAIT;

    @TempDir
    Path home;
    final StubContainers stubs = new StubContainers(EndpointComponentTest.IMAGE);

    @AfterEach
    void closeStubs() {
        stubs.close();
    }

    @Test
    void aRestartAdoptsRunningInstancesAndRoutingResumes() {
        FakeContainerEngine engine = stubs.engine;
        SageboxConfig config = SageboxConfig.forTests(home).withHosting(new SageboxConfig.Hosting(
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        Set<String> before;
        List<String> containersBefore;
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(config).containerEngine(new Outliving(engine)))) {
            first.sageMaker.createModel(r -> r.modelName("m-a").executionRoleArn(EndpointComponentTest.ROLE)
                    .primaryContainer(c -> c.image(EndpointComponentTest.IMAGE).environment(Map.of("TEST_TAG", "a"))));
            first.sageMaker.createEndpointConfig(r -> r.endpointConfigName("cfg-a").productionVariants(v -> v
                    .variantName("A").modelName("m-a").initialInstanceCount(2).initialVariantWeight(1f)
                    .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM)));
            first.sageMaker.createEndpoint(r -> r.endpointName("c-restart").endpointConfigName("cfg-a"));
            awaitInService(first, "c-restart");
            before = hostnames(first, 20);
            assertThat(before).hasSize(2);
            containersBefore = running(engine);
        }
        assertThat(running(engine)).as("instances keep running while the server is down")
                .isEqualTo(containersBefore);
        try (TestSagebox second = TestSagebox.start(Sagebox.builder(config).containerEngine(new Outliving(engine)))) {
            DescribeEndpointResponse d = awaitInService(second, "c-restart");
            assertThat(d.productionVariants().get(0).currentInstanceCount()).isEqualTo(2);
            assertThat(hostnames(second, 20)).isEqualTo(before);
            assertThat(running(engine)).as("adopted, not replaced").isEqualTo(containersBefore);
        }
    }

    static List<String> running(FakeContainerEngine engine) {
        return engine.containers().stream().filter(FakeContainerEngine.FakeContainer::running)
                .map(FakeContainerEngine.FakeContainer::id).sorted().toList();
    }

    static DescribeEndpointResponse awaitInService(TestSagebox sagebox, String name) {
        return Poll.until(WAIT, name + " InService", () -> sagebox.sageMaker.describeEndpoint(r -> r.endpointName(name)),
                d -> d.endpointStatus() == EndpointStatus.IN_SERVICE);
    }

    static Set<String> hostnames(TestSagebox sagebox, int invocations) {
        Set<String> out = new HashSet<>();
        try (SageMakerRuntimeClient runtime = sagebox.onApiPort(SageMakerRuntimeClient.builder())) {
            for (int i = 0; i < invocations; i++) {
                String body = runtime.invokeEndpoint(r -> r.endpointName("c-restart").contentType("application/json")
                        .body(SdkBytes.fromUtf8String("{}"))).body().asUtf8String();
                out.add(hostnameIn(body));
            }
        }
        return out;
    }

    static String hostnameIn(String body) {
        try {
            return StubContainers.JSON.readTree(body).get("hostname").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fake engine as one server's client of it: closing the client leaves the engine and its containers. */
    static final class Outliving implements ContainerEngine {
        private final FakeContainerEngine engine;

        Outliving(FakeContainerEngine engine) {
            this.engine = engine;
        }

        @Override public EngineInfo info() { return engine.info(); }
        @Override public boolean imageExists(String image) { return engine.imageExists(image); }
        @Override public void buildImage(ImageBuild build, Consumer<String> progress) {
            engine.buildImage(build, progress);
        }
        @Override public void createNetwork(String name, Map<String, String> labels, NetworkOptions options) {
            engine.createNetwork(name, labels, options);
        }
        @Override public void removeNetwork(String name) { engine.removeNetwork(name); }
        @Override public List<LabelledObject> listNetworks(Map<String, String> labels) {
            return engine.listNetworks(labels);
        }
        @Override public String start(ContainerSpec spec) { return engine.start(spec); }
        @Override public Optional<ContainerState> inspect(String containerId) { return engine.inspect(containerId); }
        @Override public OptionalInt awaitExit(String containerId, Duration timeout) {
            return engine.awaitExit(containerId, timeout);
        }
        @Override public void stop(String containerId, Duration grace) { engine.stop(containerId, grace); }
        @Override public void remove(String containerId) { engine.remove(containerId); }
        @Override public List<ContainerState> containersWithLabels(Map<String, String> labels) {
            return engine.containersWithLabels(labels);
        }
        @Override public LogFollow followLogs(String containerId, LogSink sink) {
            return engine.followLogs(containerId, sink);
        }
        @Override public LogFollow followTimestampedLogs(String containerId, Optional<Instant> since, LogSink sink) {
            return engine.followTimestampedLogs(containerId, since, sink);
        }
        @Override public LogFollow followOutput(String containerId, LogSink sink) {
            return engine.followOutput(containerId, sink);
        }
        @Override public void createVolume(String name, Map<String, String> labels) {
            engine.createVolume(name, labels);
        }
        @Override public void removeVolume(String name) { engine.removeVolume(name); }
        @Override public List<LabelledObject> listVolumes(Map<String, String> labels) {
            return engine.listVolumes(labels);
        }
        @Override public void close() {
            // The engine outlives its clients.
        }
    }
}
