package dev.sagebox.api;

import static dev.sagebox.api.EndpointSteps.arn;
import static dev.sagebox.api.EndpointSteps.counts;
import static dev.sagebox.api.EndpointSteps.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerReaper;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.storage.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Endpoints with real containers of sagebox/test-server, driven by the AWS SDK v2: weighted variants, targets,
 * scaling, replacement of a dead instance, model errors, pipelines, blue/green under load, failures, restart
 * recovery, and nothing left behind. Each test creates the endpoints it changes, under its own names, so the tests
 * pass in any order; the ones that only read share {@link #shared()}.
 */
@Tag("docker")
class EndpointIT {
    static final String IMAGE = "sagebox/test-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SageboxConfig config;
    static Sagebox server;
    static SageMakerClient sm;
    static SageMakerRuntimeClient runtime;
    static CloudWatchLogsClient logs;
    static DockerJavaContainerEngine engine;
    static String serverId;

    @BeforeAll
    static void start() throws Exception {
        LocalImages.build("test-server");
        engine = DockerJavaContainerEngine.fromEnvironment();
        config = SageboxConfig.forTests(home).withHosting(new SageboxConfig.Hosting(Duration.ofSeconds(15),
                Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(3)));
        startServer();
        serverId = Files.readString(home.resolve("server-id")).strip();
        try (var s3 = TestSagebox.s3(server)) {
            s3.createBucket(b -> b.bucket("models"));
            Path dir = Files.createTempDirectory(home, "model");
            Files.writeString(dir.resolve("weights.txt"), "42");
            Files.createDirectories(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/vocab.txt"), "a b c");
            Path archive = home.resolve("model.tar.gz");
            TarGz.pack(dir, archive);
            s3.putObject(p -> p.bucket("models").key("m/model.tar.gz"), archive);
        }
        model("m-a", Map.of("TEST_TAG", "a"));
        model("m-b", Map.of("TEST_TAG", "b"));
        model("m-c", Map.of("TEST_TAG", "c"));
        model("m-500", Map.of("TEST_INVOCATION_STATUS", "500"));
        model("m-400", Map.of("TEST_INVOCATION_STATUS", "400"));
        model("m-slow", Map.of("TEST_SLEEP_SECONDS", "6"));
        model("m-sick", Map.of("TEST_PING_STATUS", "500"));
        model("m-exits", Map.of("TEST_EXIT_AT_START", "3"));
        model("m-silent", Map.of("TEST_SILENT_CLOSE", "1"));
        sm.createModel(r -> r.modelName("m-missing").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image("sagebox/no-such-image:latest")));
        sm.createModel(r -> r.modelName("m-pipeline").executionRoleArn(ROLE).containers(
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "one")),
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "two")),
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "three"))));
        config("cfg-ab", variant("A", "m-a", 2, 3f), variant("B", "m-b", 1, 1f));
        config("cfg-c", variant("A", "m-c", 2, 1f));
        config("cfg-missing", variant("A", "m-missing", 1, 1f));
        config("cfg-errors", variant("E500", "m-500", 1, 1f), variant("E400", "m-400", 1, 1f),
                variant("Slow", "m-slow", 1, 1f));
        config("cfg-sick", variant("A", "m-sick", 1, 1f));
        config("cfg-exits", variant("A", "m-exits", 1, 1f));
        config("cfg-pipeline", variant("P", "m-pipeline", 1, 1f));
        config("cfg-one", variant("A", "m-a", 1, 1f));
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                for (var e : sm.listEndpoints(r -> r.maxResults(100)).endpoints()) {
                    deleteAndWait(e.endpointName());
                }
                closeServer();
            }
        } finally {
            new ContainerReaper(engine, serverId).reap(Set.of());
            Map<String, String> ours = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId);
            List<ContainerState> left = engine.containersWithLabels(ours);
            engine.close();
            assertThat(left).as("containers left behind").isEmpty();
        }
    }

    @Test
    void weightedVariantsSplitTrafficAndSpreadItAcrossInstances() throws Exception {
        DescribeEndpointResponse d = shared();
        assertThat(d.failureReason()).isNull();
        assertThat(counts(d)).containsExactly("A:3.0/3.0:2/2", "B:1.0/1.0:1/1");
        assertThat(sm.listTags(r -> r.resourceArn(d.endpointArn())).tags()).hasSize(1);

        Map<String, Integer> perVariant = new ConcurrentHashMap<>();
        Map<String, Set<String>> hostnames = new ConcurrentHashMap<>();
        invokeConcurrently(SHARED, 4000, 8, null, (response, doc) -> {
            perVariant.merge(response.invokedProductionVariant(), 1, Integer::sum);
            hostnames.computeIfAbsent(response.invokedProductionVariant(), k -> ConcurrentHashMap.newKeySet())
                    .add(doc.get("hostname").asText());
            assertThat(doc.get("tag").asText()).isEqualTo(response.invokedProductionVariant().toLowerCase());
        });
        double shareA = perVariant.get("A") / 4000.0;
        assertThat(shareA).isBetween(0.72, 0.78);
        assertThat(hostnames.get("A")).hasSize(2);
        assertThat(hostnames.get("B")).hasSize(1);
    }

    @Test
    void theContainerSeesTheModelTheHeadersAndTheBody() throws Exception {
        shared();
        InvokeEndpointResponse response = runtime.invokeEndpoint(r -> r.endpointName(SHARED)
                .contentType("text/csv").accept("application/json").customAttributes("trace=1")
                .body(SdkBytes.fromUtf8String("1,2,3")));
        JsonNode doc = JSON.readTree(response.body().asByteArray());
        assertThat(doc.get("body").asText()).isEqualTo("1,2,3");
        assertThat(doc.get("headers").get("Content-Type").asText()).isEqualTo("text/csv");
        assertThat(doc.get("headers").get("Accept").asText()).isEqualTo("application/json");
        assertThat(doc.get("headers").get("X-Amzn-SageMaker-Custom-Attributes").asText()).isEqualTo("trace=1");
        assertThat(response.customAttributes()).isEqualTo("echo=trace=1");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(JSON.convertValue(doc.get("model_files"), List.class)).containsExactly("sub/vocab.txt", "weights.txt");
        assertThat(doc.get("model_dir_writable").asBoolean()).isFalse();

        // The echo escapes each quote, so 4 MiB of quotes come back as more than 8 MiB: over the 6 MiB an invocation
        // returns. It is refused without being kept, and the endpoint goes on answering.
        String quotes = "\"".repeat(4 * 1024 * 1024);
        assertThatThrownBy(() -> runtime.invokeEndpoint(r -> r.endpointName(SHARED).contentType("text/plain")
                .body(SdkBytes.fromUtf8String(quotes)))).isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.originalStatusCode()).isEqualTo(200);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received server error (200) from"
                            + " primary with message \"The response is larger than the maximum of 6291456 bytes");
                });
        assertThat(runtime.invokeEndpoint(r -> r.endpointName(SHARED).body(SdkBytes.fromUtf8String("1")))
                .body().asUtf8String()).contains("\"body\": \"1\"");
    }

    @Test
    void targetVariantAndZeroWeightDecideWhereInvocationsGo() throws Exception {
        create("ep-weights", "cfg-ab");
        for (int i = 0; i < 20; i++) {
            assertThat(runtime.invokeEndpoint(r -> r.endpointName("ep-weights").targetVariant("B")
                    .body(SdkBytes.fromUtf8String("{}"))).invokedProductionVariant()).isEqualTo("B");
        }
        assertThatThrownBy(() -> runtime.invokeEndpoint(r -> r.endpointName("ep-weights").targetVariant("Nope")
                .body(SdkBytes.fromUtf8String("{}")))).isInstanceOf(ValidationErrorException.class);

        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-weights")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredWeight(0f)));
        assertThat(counts(awaitInService("ep-weights"))).containsExactly("A:0.0/0.0:2/2", "B:1.0/1.0:1/1");
        Map<String, Integer> perVariant = new ConcurrentHashMap<>();
        invokeConcurrently("ep-weights", 300, 4, null,
                (response, doc) -> perVariant.merge(response.invokedProductionVariant(), 1, Integer::sum));
        assertThat(perVariant).containsOnlyKeys("B");

        assertThatThrownBy(() -> sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-weights")
                .desiredWeightsAndCapacities(w -> w.variantName("Z").desiredWeight(1f))))
                .isInstanceOfSatisfying(SageMakerException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Z").contains("not present"));
    }

    @Test
    void scalingChangesTheSetOfAnsweringInstances() throws Exception {
        create("ep-scaling", "cfg-ab");
        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-scaling").desiredWeightsAndCapacities(
                w -> w.variantName("A").desiredWeight(1f).desiredInstanceCount(3)));
        assertThatThrownBy(() -> sm.updateEndpoint(r -> r.endpointName("ep-scaling").endpointConfigName("cfg-c")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot update in-progress endpoint \"" + arn("ep-scaling") + "\"."));
        assertThat(counts(awaitInService("ep-scaling"))).containsExactly("A:1.0/1.0:3/3", "B:1.0/1.0:1/1");
        assertThat(hostnamesOf("ep-scaling", "A", 60)).hasSize(3);
        assertThat(containersOf("ep-scaling")).hasSize(4);

        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-scaling").desiredWeightsAndCapacities(
                w -> w.variantName("A").desiredInstanceCount(1)));
        assertThat(counts(awaitInService("ep-scaling"))).containsExactly("A:1.0/1.0:1/1", "B:1.0/1.0:1/1");
        assertThat(hostnamesOf("ep-scaling", "A", 30)).hasSize(1);
        Poll.until(WAIT, "scaled-in containers removed", () -> containersOf("ep-scaling").size() == 2);
        deleteAndWait("ep-scaling");
    }

    @Test
    void aKilledInstanceIsReplaced() throws Exception {
        create("ep-replace", "cfg-ab");
        Set<String> before = hostnamesOf("ep-replace", "B", 5);
        ContainerState victim = containersOf("ep-replace").stream()
                .filter(c -> "B".equals(c.labels().get("sagebox.endpoint.variant"))).findFirst().orElseThrow();
        engine.remove(victim.id());
        Poll.until(WAIT, "a new instance of B", () -> {
            try {
                Set<String> now = hostnamesOf("ep-replace", "B", 3);
                return now.size() == 1 && !now.equals(before);
            } catch (RuntimeException e) {
                return false;
            }
        });
        Poll.until(WAIT, "B back at one instance", () -> counts(describe("ep-replace")).contains("B:1.0/1.0:1/1"));
        assertThat(describe("ep-replace").endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
        deleteAndWait("ep-replace");
    }

    @Test
    void containerErrorsBecomeModelErrors() {
        sm.createEndpoint(r -> r.endpointName("ep-errors").endpointConfigName("cfg-errors"));
        assertThatThrownBy(() -> invoke("ep-errors", null)).isInstanceOfSatisfying(ValidationErrorException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Endpoint ep-errors of account 123456789012 not found."));
        awaitInService("ep-errors");
        assertThatThrownBy(() -> invoke("ep-errors", "E500")).isInstanceOfSatisfying(ModelErrorException.class, e ->
                EndpointSteps.assertServerModelError(e, sm, logs, "ep-errors", WAIT));
        assertThatThrownBy(() -> invoke("ep-errors", "E400")).isInstanceOfSatisfying(ModelErrorException.class, e -> {
            assertThat(e.originalStatusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received client error (400) from primary");
        });
        assertThatThrownBy(() -> invoke("ep-errors", "Slow")).isInstanceOfSatisfying(ModelErrorException.class, e -> {
            assertThat(e.originalStatusCode()).isEqualTo(0);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received server error (0) from primary with"
                    + " message \"Your invocation timed out while waiting for a response from container primary.");
        });
        assertThatThrownBy(() -> invoke("nope", null)).isInstanceOfSatisfying(ValidationErrorException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Endpoint nope of account 123456789012 not found."));
        deleteAndWait("ep-errors");
    }

    @Test
    void aPipelinePassesEachAnswerToTheNextContainer() throws Exception {
        sm.createEndpoint(r -> r.endpointName("ep-pipeline").endpointConfigName("cfg-pipeline"));
        awaitInService("ep-pipeline");
        InvokeEndpointResponse response = runtime.invokeEndpoint(r -> r.endpointName("ep-pipeline")
                .contentType("application/json").body(SdkBytes.fromUtf8String("{\"steps\": []}")));
        JsonNode doc = JSON.readTree(response.body().asByteArray());
        assertThat(JSON.convertValue(doc.get("steps"), List.class)).containsExactly("one", "two", "three");
        assertThat(containersOf("ep-pipeline")).hasSize(3);
        deleteAndWait("ep-pipeline");
    }

    @Test
    void updateEndpointSwitchesFleetsWithoutAFailedInvocation() throws Exception {
        create("ep-bluegreen", "cfg-ab");
        EndpointSteps.Load load = new EndpointSteps.Load(4, () -> JSON.readTree(invoke("ep-bluegreen", null).body().asByteArray()).get("tag").asText());
        try (load) {
            Poll.until(WAIT, "load running", () -> load.served.get() > 50);
            sm.updateEndpoint(r -> r.endpointName("ep-bluegreen").endpointConfigName("cfg-c"));
            DescribeEndpointResponse d = awaitInService("ep-bluegreen");
            assertThat(d.endpointConfigName()).isEqualTo("cfg-c");
            assertThat(counts(d)).containsExactly("A:1.0/1.0:2/2");
            int at = load.served.get();
            Poll.until(WAIT, "more load after the switch", () -> load.served.get() > at + 200);
        }
        assertThat(load.failures).as("failed invocations during the switch").isEmpty();
        assertThat(load.tags).contains("a", "b", "c");
        assertThat(hostnamesOf("ep-bluegreen", "A", 20)).hasSize(2);
        Poll.until(WAIT, "old fleet removed", () -> containersOf("ep-bluegreen").size() == 2);
        deleteAndWait("ep-bluegreen");
    }

    @Test
    void aFailedUpdateKeepsTheOldFleetServing() throws Exception {
        create("ep-failed-update", "cfg-c");
        sm.updateEndpoint(r -> r.endpointName("ep-failed-update").endpointConfigName("cfg-missing"));
        DescribeEndpointResponse d = awaitInService("ep-failed-update");
        assertThat(d.endpointConfigName()).isEqualTo("cfg-c");
        assertThat(d.failureReason()).contains("sagebox/no-such-image:latest").contains("does not exist");
        assertThat(JSON.readTree(invoke("ep-failed-update", null).body().asByteArray()).get("tag").asText()).isEqualTo("c");
        assertThat(containersOf("ep-failed-update")).hasSize(2);
        deleteAndWait("ep-failed-update");
    }

    @Test
    void endpointsThatCannotStartFailAndLeaveNothingRunning() {
        sm.createEndpoint(r -> r.endpointName("ep-missing").endpointConfigName("cfg-missing"));
        sm.createEndpoint(r -> r.endpointName("ep-exits").endpointConfigName("cfg-exits"));
        sm.createEndpoint(r -> r.endpointName("ep-sick").endpointConfigName("cfg-sick"));
        assertThat(awaitStatus("ep-missing", EndpointStatus.FAILED).failureReason())
                .contains("sagebox/no-such-image:latest");
        String ping = "The primary container for production variant A did not pass the ping health check."
                + " Please check CloudWatch logs for this endpoint.";
        assertThat(awaitStatus("ep-exits", EndpointStatus.FAILED).failureReason()).isEqualTo(ping);
        assertThat(awaitStatus("ep-sick", EndpointStatus.FAILED).failureReason()).isEqualTo(ping);
        assertThatThrownBy(() -> sm.updateEndpoint(r -> r.endpointName("ep-sick").endpointConfigName("cfg-c")))
                .isInstanceOf(SageMakerException.class);
        for (String name : List.of("ep-missing", "ep-exits", "ep-sick")) {
            assertThat(containersOf(name)).isEmpty();
            deleteAndWait(name);
        }
    }

    @Test
    void aRestartAdoptsRunningInstancesAndRoutingResumes() throws Exception {
        create("ep-restart", "cfg-ab");
        create("ep-restart-errors", "cfg-errors");
        Set<String> before = hostnamesOf("ep-restart", "A", 20);
        List<String> containersBefore = containersOf("ep-restart").stream().map(ContainerState::id).sorted().toList();
        closeServer();
        startServer();
        DescribeEndpointResponse d = awaitInService("ep-restart");
        assertThat(counts(d)).containsExactly("A:3.0/3.0:2/2", "B:1.0/1.0:1/1");
        assertThat(hostnamesOf("ep-restart", "A", 20)).isEqualTo(before);
        assertThat(containersOf("ep-restart").stream().map(ContainerState::id).sorted().toList())
                .isEqualTo(containersBefore);
        assertThat(describe("ep-restart-errors").endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
        assertThatThrownBy(() -> invoke("ep-restart-errors", "E500")).isInstanceOf(ModelErrorException.class);
        // Following the adopted instances again appends nothing they had written before the restart.
        List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/Endpoints/ep-restart"))
                .logStreams();
        assertThat(streams).extracting(LogStream::logStreamName).anyMatch(n -> n.startsWith("A/"))
                .anyMatch(n -> n.startsWith("B/"));
        for (LogStream stream : streams) {
            List<OutputLogEvent> events = events("ep-restart", stream.logStreamName());
            assertThat(events).as(stream.logStreamName()).filteredOn(ev -> ev.message().startsWith("serving on port"))
                    .hasSize(1);
            assertThat(events).extracting(OutputLogEvent::timestamp).isSorted();
        }
        deleteAndWait("ep-restart");
        deleteAndWait("ep-restart-errors");
    }

    @Test
    void deletingRemovesTheContainersAndThenTheEndpoint() {
        create("ep-delete", "cfg-one");
        Poll.until(WAIT, "the instance's log stream", () -> !logs.describeLogStreams(
                r -> r.logGroupName("/aws/sagemaker/Endpoints/ep-delete")).logStreams().isEmpty());
        assertThat(containersOf("ep-delete")).hasSize(1);
        sm.deleteEndpoint(r -> r.endpointName("ep-delete"));
        assertThatThrownBy(() -> sm.deleteEndpoint(r -> r.endpointName("ep-delete")))
                .isInstanceOf(SageMakerException.class);
        awaitGone("ep-delete");
        assertThat(containersOf("ep-delete")).isEmpty();
        assertThatThrownBy(() -> logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/Endpoints/ep-delete")))
                .as("the endpoint's log group goes with it").isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.describeEndpoint(r -> r.endpointName("ep-delete")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find endpoint \"" + arn("ep-delete") + "\"."));
    }

    @Test
    void invocationsReuseKeptAliveConnectionsAndSurviveContainersThatCloseThem() throws Exception {
        config("cfg-keepalive", variant("Keep", "m-a", 1, 1f), variant("Silent", "m-silent", 1, 1f));
        sm.createEndpoint(r -> r.endpointName("ep-keepalive").endpointConfigName("cfg-keepalive"));
        awaitInService("ep-keepalive");
        int most = 0;
        for (int i = 0; i < 20; i++) {
            most = Math.max(most, JSON.readTree(invoke("ep-keepalive", "Keep").body().asByteArray())
                    .get("connection_requests").asInt());
        }
        // One invocation at a time: the router hands the same kept-alive connection back out of its pool.
        assertThat(most).isGreaterThanOrEqualTo(10);
        // A container that closes every connection after answering, without saying so: a pooled connection it
        // closed is never used again, or, if its close is not seen yet, the invocation is retried on a fresh one.
        for (int i = 0; i < 200; i++) {
            assertThat(JSON.readTree(invoke("ep-keepalive", "Silent").body().asByteArray())
                    .get("connection_requests").asInt()).isEqualTo(1);
        }
        deleteAndWait("ep-keepalive");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static final String SHARED = "ep-main";

    /** The endpoint the read-only tests share, created by whichever of them runs first. */
    static synchronized DescribeEndpointResponse shared() {
        try {
            return awaitInService(SHARED);
        } catch (SageMakerException e) {
            sm.createEndpoint(r -> r.endpointName(SHARED).endpointConfigName("cfg-ab")
                    .tags(t -> t.key("team").value("ml")));
            DescribeEndpointResponse creating = describe(SHARED);
            assertThat(creating.endpointStatus()).isIn(EndpointStatus.CREATING, EndpointStatus.IN_SERVICE);
            return awaitInService(SHARED);
        }
    }

    /** Creates an endpoint of the test's own and waits until it serves. */
    static DescribeEndpointResponse create(String name, String endpointConfig) {
        sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(endpointConfig));
        return awaitInService(name);
    }

    static void startServer() {
        server = Sagebox.builder(config).start();
        sm = SageMakerClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        logs = CloudWatchLogsClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        runtime = SageMakerRuntimeClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    static void closeServer() {
        logs.close();
        sm.close();
        runtime.close();
        server.close();
    }

    /** The first events of an instance's stream, oldest first. */
    static List<OutputLogEvent> events(String endpoint, String stream) {
        return logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/Endpoints/" + endpoint).logStreamName(stream)
                .startFromHead(true).limit(100)).events();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    static void model(String name, Map<String, String> env) {
        sm.createModel(r -> r.modelName(name).executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)
                .modelDataUrl("s3://models/m/model.tar.gz").environment(env)));
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

    static void deleteAndWait(String name) {
        Poll.until(WAIT, name + " deletable", () -> {
            try {
                sm.deleteEndpoint(r -> r.endpointName(name));
                return true;
            } catch (SageMakerException e) {
                return e.awsErrorDetails().errorMessage().startsWith("Could not find");
            }
        });
        awaitGone(name);
    }

    static void awaitGone(String name) {
        Poll.until(WAIT, name + " gone", () -> {
            try {
                describe(name);
                return false;
            } catch (SageMakerException e) {
                return true;
            }
        });
    }

    static List<ContainerState> containersOf(String endpoint) {
        return engine.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId,
                SageboxLabels.RESOURCE, arn(endpoint)));
    }

    static InvokeEndpointResponse invoke(String endpoint, String target) {
        InvokeEndpointRequest.Builder b = InvokeEndpointRequest.builder().endpointName(endpoint)
                .contentType("application/json").body(SdkBytes.fromUtf8String("{}"));
        if (target != null) {
            b.targetVariant(target);
        }
        return runtime.invokeEndpoint(b.build());
    }

    static Set<String> hostnamesOf(String endpoint, String variant, int invocations) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < invocations; i++) {
            try {
                out.add(JSON.readTree(invoke(endpoint, variant).body().asByteArray()).get("hostname").asText());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** What each concurrent invocation's answer is checked with. */
    interface Check {
        void accept(InvokeEndpointResponse response, JsonNode doc) throws Exception;
    }

    static void invokeConcurrently(String endpoint, int total, int threads, String target, Check check)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(total);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    InvokeEndpointResponse response = invoke(endpoint, target);
                    check.accept(response, JSON.readTree(response.body().asByteArray()));
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
