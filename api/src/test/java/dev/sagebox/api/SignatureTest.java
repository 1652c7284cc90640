package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** SigV4 is verified by default: bad signatures are refused with AWS's codes and change nothing. */
class SignatureTest {
    @TempDir
    static Path home;
    static TestSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void aWrongSecretIsRefusedAndCreatesNothing() {
        try (SageMakerClient wrong = sagebox.sageMaker("sagebox", "not-the-secret")) {
            assertThatThrownBy(() -> ModelAndEndpointConfigTest.createModel(wrong, "forged"))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        assertThat(sagebox.sageMaker.listModels(r -> r.nameContains("forged")).models()).isEmpty();
    }

    @Test
    void anUnknownAccessKeyIsUnrecognized() {
        try (SageMakerClient stranger = sagebox.sageMaker("AKIDSTRANGER", "sagebox-secret")) {
            assertThatThrownBy(() -> stranger.listModels(r -> { }))
                    .isInstanceOfSatisfying(AwsServiceException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void anUnsignedRequestIsMissingItsToken() throws Exception {
        SignedHttp http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
        HttpResponse<String> r = http.send("/", Map.of("X-Amz-Target", "SageMaker.ListModels",
                "Content-Type", "application/x-amz-json-1.1"), "{}".getBytes(StandardCharsets.UTF_8), false,
                Clock.systemUTC());
        ProtocolTest.assertError(r, 403, "MissingAuthenticationTokenException");
    }

    @Test
    void anOperationOrPayloadHashLeftOutOfTheSignatureIsRefused() throws Exception {
        SignedHttp http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
        HttpResponse<String> target = http.signedThenAdded(Map.of("Content-Type", "application/x-amz-json-1.1"),
                Map.of("X-Amz-Target", "SageMaker.ListModels"), "{}");
        assertThat(ProtocolTest.assertError(target, 403, "InvalidSignatureException").get("message").asText())
                .isEqualTo("There were headers present in the request which were not signed: x-amz-target");
        HttpResponse<String> payload = http.signedThenAdded(Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "SageMaker.ListModels"), Map.of("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"), "{}");
        ProtocolTest.assertError(payload, 403, "InvalidSignatureException");
    }

    @Test
    void aStaleSignatureIsExpired() throws Exception {
        SignedHttp http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        HttpResponse<String> r = http.send("/", Map.of("X-Amz-Target", "SageMaker.ListModels",
                "Content-Type", "application/x-amz-json-1.1"), "{}".getBytes(StandardCharsets.UTF_8), true, anHourAgo);
        assertThat(ProtocolTest.assertError(r, 403, "InvalidSignatureException").get("message").asText())
                .startsWith("Signature expired:");
    }

    @Test
    void validationSpeaksAwsWords() {
        assertThatThrownBy(() -> ModelAndEndpointConfigTest.createModel(sagebox.sageMaker, "under_score"))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value"
                            + " 'under_score' at 'modelName' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?");
                });
        assertThatThrownBy(() -> sagebox.sageMaker.listModels(r -> r.maxResults(101)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("1 validation error detected: Value '101' at 'maxResults' failed to satisfy"
                                + " constraint: Member must have value less than or equal to 100"));
    }
}
