package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** The AWS JSON 1.1 envelope: request ids, error bodies, unknown operations, bad bodies, the runtime path. */
class ProtocolTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SignedHttp http;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void successCarriesARequestIdAndTheJson11ContentType() {
        HttpResponse<String> r = http.control("SageMaker.ListModels", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(r.body()).isEqualTo("{\"Models\":[]}");
    }

    @Test
    void anUnknownOperationIsAnAwsError() throws Exception {
        HttpResponse<String> r = http.control("SageMaker.CreateAutoMLJob", "{}");
        assertError(r, 400, "UnknownOperationException");
        assertError(http.control("Kinesis.PutRecord", "{}"), 400, "UnknownOperationException");
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        assertError(http.control("SageMaker.DescribeModel", "{\"ModelName\": "), 400, "SerializationException");
        assertError(http.control("SageMaker.DescribeModel", "[1,2]"), 400, "SerializationException");
        assertError(http.control("SageMaker.DescribeModel", "null"), 400, "SerializationException");
        assertError(http.control("SageMaker.ListModels", "{} {}"), 400, "SerializationException");
        assertError(http.control("SageMaker.ListModels", "\"a string\""), 400, "SerializationException");
    }

    @Test
    void anOversizedBodyIsRefusedWithoutBeingRead() throws Exception {
        String big = "{\"ModelName\":\"" + "x".repeat(2 << 20) + "\"}";
        assertError(http.control("SageMaker.DescribeModel", big), 413, "RequestEntityTooLargeException");
    }

    @Test
    void unknownPathsAnswerInJsonNotHtml() throws Exception {
        HttpResponse<String> r = http.get("/no/such/path");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(JSON.readTree(r.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void healthReportsTheDatabase() throws Exception {
        HttpResponse<String> r = http.get("/_sagebox/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("database").asText()).isEqualTo("ok");
    }

    @Test
    void invokingAnUnknownEndpointIsARuntimeValidationError() {
        try (SageMakerRuntimeClient runtime = SageMakerRuntimeClient.builder()
                .endpointOverride(sagebox.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("sagebox", "sagebox-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(() -> runtime.invokeEndpoint(r -> r.endpointName("nope").contentType("text/csv")
                    .body(SdkBytes.fromUtf8String("1,2,3"))))
                    .isInstanceOfSatisfying(ValidationErrorException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Endpoint nope of account 123456789012 not found.");
                    });
        }
    }

    @Test
    void anOversizedInvocationIsAValidationError() throws Exception {
        HttpResponse<String> r = http.send("/endpoints/nope/invocations", Map.of("Content-Type", "text/csv"),
                new byte[6 * 1024 * 1024 + 1], true, Clock.systemUTC());
        assertError(r, 400, "ValidationError");
    }

    @Test
    void anInvocationBetweenTwoAndSixMebibytesReachesTheRuntime() throws Exception {
        // Undertow's own default body cap is 2 MiB; InvokeEndpoint must accept up to 6 MiB.
        HttpResponse<String> r = http.send("/endpoints/nope/invocations", Map.of("Content-Type", "text/csv"),
                new byte[3 * 1024 * 1024], true, Clock.systemUTC());
        assertThat(assertError(r, 400, "ValidationError").get("message").asText())
                .isEqualTo("Endpoint nope of account 123456789012 not found.");
    }

    static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains(code);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().isEqualTo(body.get("Message").asText());
        return body;
    }
}
