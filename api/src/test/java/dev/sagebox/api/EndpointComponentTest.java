package dev.sagebox.api;

import static dev.sagebox.api.EndpointSteps.arn;
import static dev.sagebox.api.EndpointSteps.counts;
import static dev.sagebox.api.EndpointSteps.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Endpoints on the fake container engine, through the whole server and the real SDK: each fake container's published
 * serving port is an in-process server answering {@code /ping} and {@code /invocations} ({@link StubContainers}), so
 * the real health probe and the real router reach it. Every test creates its own endpoints; how invocations fail,
 * zero weights and pipelines are in {@link EndpointInvocationComponentTest}.
 */
class EndpointComponentTest {
    static final String IMAGE = "sagebox/stub-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static StubContainers stubs;
    static FakeContainerEngine engine;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() {
        stubs = new StubContainers(IMAGE);
        engine = stubs.engine;
        SageboxConfig config = SageboxConfig.forTests(home).withHosting(new SageboxConfig.Hosting(
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        sagebox = TestSagebox.start(Sagebox.builder(config).inMemoryDatabase().containerEngine(engine));
        sm = sagebox.sageMaker;
        runtime = sagebox.onApiPort(SageMakerRuntimeClient.builder());
        model("m-a", Map.of("TEST_TAG", "a"));
        model("m-b", Map.of("TEST_TAG", "b"));
        model("m-c", Map.of("TEST_TAG", "c"));
        model("m-sick", Map.of("TEST_PING_STATUS", "500"));
        sm.createModel(r -> r.modelName("m-missing").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image("sagebox/no-such-image:latest")));
        config("cfg-a", variant("A", "m-a", 2, 1f));
        config("cfg-ab", variant("A", "m-a", 2, 3f), variant("B", "m-b", 1, 1f));
        config("cfg-c", variant("A", "m-c", 2, 1f));
        config("cfg-sick", variant("A", "m-sick", 1, 1f));
        config("cfg-missing", variant("A", "m-missing", 1, 1f));
    }

    @AfterAll
    static void stop() {
        try {
            if (runtime != null) {
                runtime.close();
            }
            if (sagebox != null) {
                sagebox.close();
            }
        } finally {
            if (stubs != null) {
                stubs.close();
            }
        }
    }

    @Test
    void instancesStartAndPingGatesInService() throws Exception {
        sm.createEndpoint(r -> r.endpointName("c-create").endpointConfigName("cfg-ab"));
        DescribeEndpointResponse d = awaitInService("c-create");
        assertThat(d.failureReason()).isNull();
        assertThat(counts(d)).containsExactly("A:3.0/3.0:2/2", "B:1.0/1.0:1/1");
        assertThat(runningContainersOf("c-create")).hasSize(3);
        assertThat(hostnamesOf("c-create", "A", 20)).hasSize(2);
        assertThat(hostnamesOf("c-create", "B", 5)).hasSize(1);
        JsonNode doc = invoke("c-create", "B");
        assertThat(doc.get("tag").asText()).isEqualTo("b");
        assertThat(doc.get("body").asText()).isEqualTo("{}");
    }

    @Test
    void anInstanceThatNeverAnswersPingFailsTheEndpoint() {
        sm.createEndpoint(r -> r.endpointName("c-sick").endpointConfigName("cfg-sick"));
        assertThat(awaitStatus("c-sick", EndpointStatus.FAILED).failureReason()).isEqualTo(
                "The primary container for production variant A did not pass the ping health check."
                        + " Please check CloudWatch logs for this endpoint.");
        Poll.until(WAIT, "the sick instance removed", () -> runningContainersOf("c-sick").isEmpty());
    }

    /**
     * SDK v3's deploy() reads the endpoint's log group (FilterLogEvents, stream prefix AllTraffic/) while it waits and
     * keeps waiting on ResourceNotFoundException: the group exists from CreateEndpoint on, also for an endpoint that
     * fails before any instance wrote a line.
     */
    @Test
    void theLogGroupExistsFromCreateEndpointEvenWhenNoInstanceStarts() {
        sm.createEndpoint(r -> r.endpointName("c-no-instance").endpointConfigName("cfg-missing"));
        try (CloudWatchLogsClient logs = sagebox.logs()) {
            // Right after CreateEndpoint answered, and again once the endpoint has failed.
            for (int i = 0; i < 2; i++) {
                FilterLogEventsResponse page = logs.filterLogEvents(r -> r
                        .logGroupName("/aws/sagemaker/Endpoints/c-no-instance").logStreamNamePrefix("AllTraffic/"));
                assertThat(page.events()).isEmpty();
                assertThat(page.nextToken()).isNull();
                awaitStatus("c-no-instance", EndpointStatus.FAILED);
            }
        }
    }

    @Test
    void scalingUpAndDownChangesTheAnsweringInstances() throws Exception {
        sm.createEndpoint(r -> r.endpointName("c-scale").endpointConfigName("cfg-a"));
        awaitInService("c-scale");
        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("c-scale")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(3)));
        assertThat(counts(awaitInService("c-scale"))).containsExactly("A:1.0/1.0:3/3");
        assertThat(runningContainersOf("c-scale")).hasSize(3);
        assertThat(hostnamesOf("c-scale", "A", 40)).hasSize(3);

        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("c-scale")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(1)));
        assertThat(counts(awaitInService("c-scale"))).containsExactly("A:1.0/1.0:1/1");
        Poll.until(WAIT, "scaled-in instances removed", () -> runningContainersOf("c-scale").size() == 1);
        assertThat(hostnamesOf("c-scale", "A", 10)).hasSize(1);
    }

    @Test
    void aDeadInstanceIsReplaced() throws Exception {
        sm.createEndpoint(r -> r.endpointName("c-replace").endpointConfigName("cfg-a"));
        awaitInService("c-replace");
        Set<String> before = hostnamesOf("c-replace", "A", 20);
        assertThat(before).hasSize(2);
        FakeContainerEngine.FakeContainer victim = runningContainersOf("c-replace").get(0);
        stubs.stub(victim.spec().name()).close();
        victim.exit(137);
        Poll.until(WAIT, "a new instance answering", () -> {
            List<FakeContainerEngine.FakeContainer> now = runningContainersOf("c-replace");
            return now.size() == 2 && now.stream().noneMatch(c -> c.id().equals(victim.id()));
        });
        Poll.until(WAIT, "back at two instances", () -> counts(describe("c-replace")).contains("A:1.0/1.0:2/2")
                && describe("c-replace").endpointStatus() == EndpointStatus.IN_SERVICE);
        Set<String> after = Poll.until(WAIT, "both instances answering", () -> hostnamesOf("c-replace", "A", 20),
                s -> s.size() == 2);
        assertThat(after).doesNotContain(victim.spec().name()).hasSize(2);
    }

    @Test
    void updateEndpointSwitchesFleetsWithoutAFailedInvocation() throws Exception {
        sm.createEndpoint(r -> r.endpointName("c-bluegreen").endpointConfigName("cfg-ab"));
        awaitInService("c-bluegreen");
        List<String> oldContainers = runningContainersOf("c-bluegreen").stream()
                .map(FakeContainerEngine.FakeContainer::id).toList();
        EndpointSteps.Load load = new EndpointSteps.Load(2, () -> invoke("c-bluegreen", null).get("tag").asText());
        try (load) {
            Poll.until(WAIT, "load running", () -> load.served.get() > 100);
            sm.updateEndpoint(r -> r.endpointName("c-bluegreen").endpointConfigName("cfg-c"));
            DescribeEndpointResponse d = awaitInService("c-bluegreen");
            assertThat(d.endpointConfigName()).isEqualTo("cfg-c");
            assertThat(counts(d)).containsExactly("A:1.0/1.0:2/2");
            int at = load.served.get();
            Poll.until(WAIT, "more load after the switch", () -> load.served.get() > at + 50);
        }
        assertThat(load.failures).as("failed invocations during the switch").isEmpty();
        assertThat(load.tags).contains("a", "b", "c");
        assertThat(invoke("c-bluegreen", null).get("tag").asText()).isEqualTo("c");
        Poll.until(WAIT, "the old fleet removed", () -> runningContainersOf("c-bluegreen").stream()
                .noneMatch(c -> oldContainers.contains(c.id())) && runningContainersOf("c-bluegreen").size() == 2);
    }

    @Test
    void aFailedUpdateKeepsTheOldFleetServing() throws Exception {
        sm.createEndpoint(r -> r.endpointName("c-failed-update").endpointConfigName("cfg-c"));
        awaitInService("c-failed-update");
        sm.updateEndpoint(r -> r.endpointName("c-failed-update").endpointConfigName("cfg-missing"));
        DescribeEndpointResponse d = Poll.until(WAIT, "the update given up", () -> describe("c-failed-update"),
                e -> e.endpointStatus() == EndpointStatus.IN_SERVICE && e.failureReason() != null);
        assertThat(d.endpointConfigName()).isEqualTo("cfg-c");
        assertThat(d.failureReason()).contains("sagebox/no-such-image:latest");
        assertThat(invoke("c-failed-update", null).get("tag").asText()).isEqualTo("c");
        assertThat(runningContainersOf("c-failed-update")).hasSize(2);
    }

    @Test
    void deletingRemovesTheContainersAndThenTheEndpoint() {
        sm.createEndpoint(r -> r.endpointName("c-delete").endpointConfigName("cfg-a"));
        awaitInService("c-delete");
        assertThat(runningContainersOf("c-delete")).hasSize(2);
        sm.deleteEndpoint(r -> r.endpointName("c-delete"));
        Poll.until(WAIT, "c-delete gone", () -> {
            try {
                describe("c-delete");
                return false;
            } catch (SageMakerException e) {
                return true;
            }
        });
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.RESOURCE, arn("c-delete")))).isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static void model(String name, Map<String, String> env) {
        sm.createModel(r -> r.modelName(name).executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(IMAGE).environment(env)));
    }

    static void config(String name, ProductionVariant... variants) {
        sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(variants));
    }

    static DescribeEndpointResponse describe(String name) {
        return sm.describeEndpoint(r -> r.endpointName(name));
    }

    static DescribeEndpointResponse awaitInService(String name) {
        return awaitStatus(name, EndpointStatus.IN_SERVICE);
    }

    static DescribeEndpointResponse awaitStatus(String name, EndpointStatus status) {
        return EndpointSteps.awaitStatus(sm, name, status, WAIT);
    }

    static List<FakeContainerEngine.FakeContainer> runningContainersOf(String endpoint) {
        return engine.containers().stream().filter(FakeContainerEngine.FakeContainer::running)
                .filter(c -> arn(endpoint).equals(c.spec().labels().get(SageboxLabels.RESOURCE))).toList();
    }

    static JsonNode invoke(String endpoint, String target) {
        var b = software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest.builder()
                .endpointName(endpoint).contentType("application/json").body(SdkBytes.fromUtf8String("{}"));
        if (target != null) {
            b.targetVariant(target);
        }
        try {
            return JSON.readTree(runtime.invokeEndpoint(b.build()).body().asByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<String> hostnamesOf(String endpoint, String variant, int invocations) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < invocations; i++) {
            out.add(invoke(endpoint, variant).get("hostname").asText());
        }
        return out;
    }
}
