package dev.sagebox.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.LocalImages;
import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * {@code GET /metrics} while a real endpoint (sagebox/test-server) serves: invocations, errors by kind, latency
 * histograms per variant, instances, endpoints by status and containers by kind; and the same invocations as
 * CloudWatch's AWS/SageMaker metrics, before and after a restart.
 */
@Tag("docker")
class EndpointMetricsIT {
    static final String IMAGE = "sagebox/test-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        LocalImages.build("test-server");
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)));
        runtime = SageMakerRuntimeClient.builder().endpointOverride(sagebox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        sagebox.server.config().accessKey(), sagebox.server.config().secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        var sm = sagebox.sageMaker;
        sm.createModel(r -> r.modelName("ok").executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)));
        sm.createModel(r -> r.modelName("fails").executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)
                .environment(Map.of("TEST_INVOCATION_STATUS", "500"))));
        sm.createEndpointConfig(r -> r.endpointConfigName("metered").productionVariants(
                v -> v.variantName("A").modelName("ok").initialInstanceCount(2)
                        .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(1f),
                v -> v.variantName("E").modelName("fails").initialInstanceCount(1)
                        .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(0f)));
        sm.createEndpoint(r -> r.endpointName("metered").endpointConfigName("metered"));
        Poll.until(Duration.ofSeconds(90), "the endpoint in service", () -> sm.describeEndpoint(
                r -> r.endpointName("metered")).endpointStatus() == EndpointStatus.IN_SERVICE);
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.sageMaker.deleteEndpoint(r -> r.endpointName("metered"));
            Poll.until(Duration.ofSeconds(60), "the endpoint deleted", () -> sagebox.sageMaker.listEndpoints(
                    r -> r.nameContains("metered")).endpoints().isEmpty());
            runtime.close();
            sagebox.close();
        }
    }

    static String scrape() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sagebox.endpoint() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void invoke(String variant) {
        runtime.invokeEndpoint(r -> r.endpointName("metered").targetVariant(variant).contentType("text/csv")
                .body(SdkBytes.fromUtf8String("1,2")));
    }

    @Test
    void invocationsErrorsLatencyAndInstancesOfARealEndpoint() throws Exception {
        for (int i = 0; i < 7; i++) {
            invoke("A");
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> invoke("E")).isInstanceOf(ModelErrorException.class);
        }
        assertThatThrownBy(() -> invoke("NoSuchVariant")).isInstanceOf(ValidationErrorException.class);

        String text = scrape();

        assertThat(text)
                .contains("sagebox_endpoint_invocations_total{endpoint=\"metered\",variant=\"A\"} 7.0\n")
                .contains("sagebox_endpoint_invocations_total{endpoint=\"metered\",variant=\"E\"} 2.0\n")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"metered\",kind=\"model_error\","
                        + "variant=\"E\"} 2.0\n")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"metered\",kind=\"4xx\",variant=\"\"}"
                        + " 1.0\n")
                .contains("sagebox_endpoint_model_latency_seconds_count{endpoint=\"metered\",variant=\"A\"} 7\n")
                .contains("sagebox_endpoint_overhead_latency_seconds_count{endpoint=\"metered\",variant=\"A\"} 7\n")
                .contains("sagebox_endpoint_instances{endpoint=\"metered\",variant=\"A\"} 2.0\n")
                .contains("sagebox_endpoint_instances{endpoint=\"metered\",variant=\"E\"} 1.0\n")
                .contains("sagebox_endpoints{status=\"InService\"} 1.0\n")
                .contains("sagebox_containers{kind=\"endpoint\",state=\"running\"} 3.0\n");
        double modelSeconds = sum(text, "sagebox_endpoint_model_latency_seconds_sum{endpoint=\"metered\",variant=\"A\"}");
        assertThat(modelSeconds).as("time in the container, 7 calls").isPositive().isLessThan(7 * 5.0);

        // The same invocations in CloudWatch, once their seconds are written (each second, when it is over).
        assertCloudWatch("A", "Invocations", Statistic.SUM, 7);
        assertCloudWatch("A", "ModelLatency", Statistic.SAMPLE_COUNT, 7);
        assertCloudWatch("E", "Invocation5XXErrors", Statistic.SUM, 2);
        sagebox.close();
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)));
        assertCloudWatch("A", "Invocations", Statistic.SUM, 7);
    }

    private static void assertCloudWatch(String variant, String metric, Statistic statistic, double expected) {
        java.time.Instant now = java.time.Instant.now();
        try (CloudWatchClient cw = sagebox.onApiPort(CloudWatchClient.builder())) {
            Poll.until(Duration.ofSeconds(20), metric + " of " + variant + " in CloudWatch", () -> cw
                    .getMetricStatistics(r -> r.namespace("AWS/SageMaker").metricName(metric)
                            .dimensions(d -> d.name("EndpointName").value("metered"),
                                    d -> d.name("VariantName").value(variant))
                            .startTime(now.minusSeconds(3600)).endTime(now.plusSeconds(3600)).period(3600)
                            .statistics(statistic))
                    .datapoints().stream().mapToDouble(d -> statistic == Statistic.SUM ? d.sum() : d.sampleCount())
                    .sum() == expected);
        }
    }

    private static double sum(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst().orElseThrow();
    }
}
