package dev.sagebox.api;

import static dev.sagebox.api.EndpointSteps.arn;
import static dev.sagebox.api.EndpointSteps.counts;
import static dev.sagebox.api.EndpointSteps.variant;
import static dev.sagebox.api.StubContainers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.SageboxLabels;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * What an invocation meets on its way through the whole server to the fake engine's containers
 * ({@link StubContainers}): model errors and timeouts, zero weights and TargetVariant, inference pipelines. The same
 * behaviours as {@link EndpointIT} checks on Docker, asserted the same way. Every test creates its own endpoints.
 */
class EndpointInvocationComponentTest {
    static final String IMAGE = "sagebox/stub-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a container may take to answer: what the timeout case waits, with room for a loaded machine. */
    static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path home;
    static StubContainers stubs;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static SageMakerRuntimeClient runtime;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        stubs = new StubContainers(IMAGE);
        SageboxConfig config = SageboxConfig.forTests(home).withHosting(new SageboxConfig.Hosting(
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), INVOCATION_TIMEOUT));
        sagebox = TestSagebox.start(Sagebox.builder(config).inMemoryDatabase().containerEngine(stubs.engine));
        sm = sagebox.sageMaker;
        runtime = sagebox.onApiPort(SageMakerRuntimeClient.builder());
        logs = sagebox.logs();
        model("m-a", Map.of("TEST_TAG", "a"));
        model("m-b", Map.of("TEST_TAG", "b"));
        // Not healthy until the errors test has invoked it while it was still being created.
        model("m-500", Map.of("TEST_INVOCATION_STATUS", "500", "TEST_UNHEALTHY_UNTIL", "errors-created"));
        model("m-400", Map.of("TEST_INVOCATION_STATUS", "400"));
        model("m-slow", Map.of("TEST_HOLD", "slow"));
        model("m-lane-500", Map.of("TEST_INVOCATION_STATUS", "500"));
        model("m-lane-hold", Map.of("TEST_HOLD", "lane-hold"));
        sm.createModel(r -> r.modelName("m-pipeline").executionRoleArn(ROLE).containers(
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "one")),
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "two")),
                c -> c.image(IMAGE).environment(Map.of("TEST_PIPELINE_STEP", "three"))));
        config("cfg-ab", variant("A", "m-a", 2, 3f), variant("B", "m-b", 1, 1f));
        config("cfg-errors", variant("E500", "m-500", 1, 1f), variant("E400", "m-400", 1, 1f));
        config("cfg-slow", variant("Slow", "m-slow", 1, 1f));
        config("cfg-lane-500", variant("E500", "m-lane-500", 1, 1f));
        config("cfg-lane-hold", variant("Hold", "m-lane-hold", 1, 1f));
        config("cfg-pipeline", variant("P", "m-pipeline", 1, 1f));
    }

    @AfterAll
    static void stop() {
        try {
            if (logs != null) {
                logs.close();
            }
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
    void containerErrorsBecomeModelErrors() {
        sm.createEndpoint(r -> r.endpointName("ci-errors").endpointConfigName("cfg-errors"));
        assertThatThrownBy(() -> invoke("ci-errors", null)).isInstanceOfSatisfying(ValidationErrorException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Endpoint ci-errors of account 123456789012 not found."));
        assertThat(describe("ci-errors").endpointStatus()).isEqualTo(EndpointStatus.CREATING);
        stubs.release("errors-created");
        awaitInService("ci-errors");
        assertThatThrownBy(() -> invoke("ci-errors", "E500")).isInstanceOfSatisfying(ModelErrorException.class, e ->
                EndpointSteps.assertServerModelError(e, sm, logs, "ci-errors", WAIT));
        assertThatThrownBy(() -> invoke("ci-errors", "E400")).isInstanceOfSatisfying(ModelErrorException.class, e -> {
            assertThat(e.originalStatusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received client error (400) from primary");
        });
        assertThatThrownBy(() -> invoke("nope", null)).isInstanceOfSatisfying(ValidationErrorException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Endpoint nope of account 123456789012 not found."));
    }

    @Test
    void aContainerThatDoesNotAnswerInTimeTimesOut() {
        sm.createEndpoint(r -> r.endpointName("ci-slow").endpointConfigName("cfg-slow"));
        awaitInService("ci-slow");
        try {
            assertThatThrownBy(() -> invoke("ci-slow", null)).isInstanceOfSatisfying(ModelErrorException.class, e -> {
                assertThat(e.originalStatusCode()).isEqualTo(0);
                assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received server error (0) from primary"
                        + " with message \"Your invocation timed out while waiting for a response from container"
                        + " primary.");
            });
        } finally {
            stubs.release("slow");
        }
    }

    @Test
    void targetVariantAndZeroWeightDecideWhereInvocationsGo() {
        sm.createEndpoint(r -> r.endpointName("ci-weights").endpointConfigName("cfg-ab"));
        awaitInService("ci-weights");
        for (int i = 0; i < 20; i++) {
            assertThat(invoke("ci-weights", "B").invokedProductionVariant()).isEqualTo("B");
        }
        assertThatThrownBy(() -> invoke("ci-weights", "Nope")).isInstanceOf(ValidationErrorException.class);

        setWeight("ci-weights", "A", 0f);
        assertThat(counts(awaitInService("ci-weights"))).containsExactly("A:0.0/0.0:2/2", "B:1.0/1.0:1/1");
        assertThat(variantsOf(300, "ci-weights", null)).containsOnlyKeys("B");
        // A weight of 0 takes the variant out of the draw only: targeted, it still answers.
        assertThat(variantsOf(20, "ci-weights", "A")).containsOnlyKeys("A");
        assertThat(json(invoke("ci-weights", "A").body().asByteArray()).get("tag").asText()).isEqualTo("a");

        // With every weight at 0 only targeted invocations have somewhere to go.
        setWeight("ci-weights", "B", 0f);
        assertThat(counts(awaitInService("ci-weights"))).containsExactly("A:0.0/0.0:2/2", "B:0.0/0.0:1/1");
        assertThatThrownBy(() -> invoke("ci-weights", null)).isInstanceOfSatisfying(
                ServiceUnavailableException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Endpoint ci-weights has no instance in"
                            + " service that can take this invocation right now.");
                });
        assertThat(invoke("ci-weights", "B").invokedProductionVariant()).isEqualTo("B");

        assertThatThrownBy(() -> setWeight("ci-weights", "Z", 1f)).isInstanceOfSatisfying(SageMakerException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Z").contains("not present"));
    }

    @Test
    void aPipelinePassesEachAnswerToTheNextContainer() {
        sm.createEndpoint(r -> r.endpointName("ci-pipeline").endpointConfigName("cfg-pipeline"));
        awaitInService("ci-pipeline");
        InvokeEndpointResponse response = runtime.invokeEndpoint(r -> r.endpointName("ci-pipeline")
                .contentType("application/json").body(SdkBytes.fromUtf8String("{\"steps\": []}")));
        JsonNode doc = json(response.body().asByteArray());
        assertThat(StubContainers.JSON.convertValue(doc.get("steps"), List.class)).containsExactly("one", "two", "three");
        List<FakeContainerEngine.FakeContainer> containers = runningContainersOf("ci-pipeline");
        assertThat(containers).hasSize(3);
        // The answer is the last container's: the one the launcher started third.
        assertThat(doc.get("hostname").asText()).isEqualTo(containers.stream()
                .filter(c -> "2".equals(c.spec().labels().get("sagebox.endpoint.container"))).findFirst()
                .orElseThrow().spec().name());
    }

    /**
     * The invocation lane serves invocations on a connection of their own, answers and errors after a container was
     * asked alike, and passes every other request on to Undertow: a control-plane call after an invocation on the
     * same keep-alive connection, and the unsigned GET /metrics that reads its own figures.
     */
    @Test
    void theLaneServesInvocationsAndPassesEverythingElseOnToUndertow() throws Exception {
        sm.createEndpoint(r -> r.endpointName("ci-lane").endpointConfigName("cfg-ab"));
        sm.createEndpoint(r -> r.endpointName("ci-lane-500").endpointConfigName("cfg-lane-500"));
        sm.createEndpoint(r -> r.endpointName("ci-lane-hold").endpointConfigName("cfg-lane-hold"));
        awaitInService("ci-lane");
        awaitInService("ci-lane-500");
        awaitInService("ci-lane-hold");
        long served = laneFigure("sagebox_invocation_lane_invocations_total");
        long passedOn = laneFigure("sagebox_invocation_lane_connections_passed_on_total");
        // The Apache client, with connections of its own (the JDK's URL connections are shared by every client of
        // the test JVM, and so already passed on), sends Expect: 100-continue with each body as well.
        try (SageMakerRuntimeClient fresh = SageMakerRuntimeClient.builder().endpointOverride(sagebox.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("sagebox", "sagebox-secret")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build()) {
            InvokeEndpointResponse answer = fresh.invokeEndpoint(r -> r.endpointName("ci-lane").targetVariant("B")
                    .contentType("text/csv").customAttributes("c=1").body(SdkBytes.fromUtf8String("1,2")));
            assertThat(answer.invokedProductionVariant()).isEqualTo("B");
            assertThat(json(answer.body().asByteArray()).get("tag").asText()).isEqualTo("b");
            assertThat(json(answer.body().asByteArray()).get("body").asText()).isEqualTo("1,2");
            assertThatThrownBy(() -> fresh.invokeEndpoint(r -> r.endpointName("ci-lane-500")
                    .body(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(ModelErrorException.class, e -> {
                        assertThat(e.originalStatusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received server error (500) from"
                                + " primary");
                    });
            try {
                assertThatThrownBy(() -> fresh.invokeEndpoint(r -> r.endpointName("ci-lane-hold")
                        .body(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(ModelErrorException.class,
                                e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Your invocation timed"
                                        + " out while waiting for a response from container primary."));
            } finally {
                stubs.release("lane-hold");
            }
        }
        assertThat(laneFigure("sagebox_invocation_lane_invocations_total") - served).isEqualTo(3);

        SignedHttp http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
        HttpResponse<String> invoked = http.send("/endpoints/ci-lane/invocations",
                Map.of("Content-Type", "text/csv", "X-Amzn-SageMaker-Target-Variant", "A"),
                "3,4".getBytes(StandardCharsets.UTF_8), true, Clock.systemUTC());
        assertThat(invoked.statusCode()).isEqualTo(200);
        assertThat(invoked.headers().firstValue("X-Amzn-Invoked-Production-Variant")).contains("A");
        assertThat(invoked.headers().firstValue("x-amzn-RequestId")).isPresent();
        HttpResponse<String> described = http.control("SageMaker.DescribeEndpoint", "{\"EndpointName\": \"ci-lane\"}");
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(described.body()).contains("\"EndpointStatus\":\"InService\"");
        assertThat(laneFigure("sagebox_invocation_lane_connections_passed_on_total") - passedOn)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRequestTheLaneToldToGoOnThenLeavesToUndertowIsToldOnlyOnce() throws Exception {
        // A wrongly signed invocation that waits for 100 Continue: the lane sends it and reads the body, then finds
        // the signature wrong and passes the request on, Expect and all. Undertow, whose buffer already holds the
        // body, reads it without a 100 of its own, and answers with the error.
        try (Socket socket = new Socket(sagebox.endpoint().getHost(), sagebox.endpoint().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            out.write(("POST /endpoints/ci-lane-expect/invocations HTTP/1.1\r\nHost: sagebox\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=sagebox/" + now.substring(0, 8)
                    + "/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                    + "0".repeat(64) + "\r\nX-Amz-Date: " + now + "\r\n"
                    + "Content-Type: text/csv\r\nContent-Length: 3\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String interim = "HTTP/1.1 100 Continue\r\n\r\n";
            assertThat(new String(in.readNBytes(interim.length()), StandardCharsets.ISO_8859_1)).isEqualTo(interim);
            out.write("1,2".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 403").doesNotContain("100 Continue")
                    .containsIgnoringCase("x-amzn-ErrorType");
        }
    }

    /** A figure of the lane from GET /metrics on the API port. */
    private static long laneFigure(String name) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                sagebox.endpoint().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1))).orElseThrow();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static void model(String name, Map<String, String> env) {
        sm.createModel(r -> r.modelName(name).executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(IMAGE).environment(env)));
    }

    static void config(String name, ProductionVariant... variants) {
        sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(variants));
    }

    static void setWeight(String endpoint, String variant, float weight) {
        sm.updateEndpointWeightsAndCapacities(r -> r.endpointName(endpoint)
                .desiredWeightsAndCapacities(w -> w.variantName(variant).desiredWeight(weight)));
    }

    static DescribeEndpointResponse describe(String name) {
        return sm.describeEndpoint(r -> r.endpointName(name));
    }

    static DescribeEndpointResponse awaitInService(String name) {
        return EndpointSteps.awaitStatus(sm, name, EndpointStatus.IN_SERVICE, WAIT);
    }


    static List<FakeContainerEngine.FakeContainer> runningContainersOf(String endpoint) {
        return stubs.engine.containers().stream().filter(FakeContainerEngine.FakeContainer::running)
                .filter(c -> arn(endpoint).equals(c.spec().labels().get(SageboxLabels.RESOURCE))).toList();
    }

    static InvokeEndpointResponse invoke(String endpoint, String target) {
        InvokeEndpointRequest.Builder b = InvokeEndpointRequest.builder().endpointName(endpoint)
                .contentType("application/json").body(SdkBytes.fromUtf8String("{}"));
        if (target != null) {
            b.targetVariant(target);
        }
        return runtime.invokeEndpoint(b.build());
    }

    /** How many of {@code invocations} each variant answered. */
    static Map<String, Integer> variantsOf(int invocations, String endpoint, String target) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < invocations; i++) {
            out.merge(invoke(endpoint, target).invokedProductionVariant(), 1, Integer::sum);
        }
        return out;
    }
}
