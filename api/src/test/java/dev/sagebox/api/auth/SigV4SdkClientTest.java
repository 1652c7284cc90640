package dev.sagebox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Requests made by the real SageMaker clients of the AWS SDK for Java v2, captured where they would hit the wire. */
class SigV4SdkClientTest {
    private final SigV4Verifier verifier = new SigV4Verifier(
            new StaticCredentials(SdkSigning.ACCESS_KEY, SdkSigning.SECRET_KEY), Clock.systemUTC());

    @Test
    void createModelFromTheSageMakerClientVerifies() {
        FakeHttpClient http = new FakeHttpClient("{\"ModelArn\":\"arn:aws:sagemaker:eu-central-1:123456789012:model/m\"}");
        try (SageMakerClient client = SageMakerClient.builder()
                .httpClient(http)
                .region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://localhost:8080"))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SdkSigning.ACCESS_KEY, SdkSigning.SECRET_KEY)))
                .build()) {
            client.createModel(r -> r.modelName("my-model")
                    .executionRoleArn("arn:aws:iam::123456789012:role/SageMakerRole")
                    .primaryContainer(c -> c.image("123456789012.dkr.ecr.eu-central-1.amazonaws.com/x:1")));
        }

        FakeHttpClient.Sent sent = http.sent().get(0);
        assertThat(sent.request().firstMatchingHeader("X-Amz-Target")).contains("SageMaker.CreateModel");
        assertThat(verifier.verify(SdkSigning.received(sent.request(), sent.body())).region())
                .isEqualTo("eu-central-1");
    }

    @Test
    void sessionCredentialsFromTheSageMakerClientVerify() {
        FakeHttpClient http = new FakeHttpClient("{\"ModelName\":\"m\"}");
        try (SageMakerClient client = SageMakerClient.builder()
                .httpClient(http)
                .region(Region.US_WEST_2)
                .endpointOverride(URI.create("http://localhost:8080"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        SdkSigning.ACCESS_KEY, SdkSigning.SECRET_KEY, "FQoGZXIvYXdzEXAMPLE")))
                .build()) {
            client.describeModel(r -> r.modelName("m"));
        } catch (SdkException ignored) {
            // The canned answer lacks required output members; only the captured request matters.
        }

        FakeHttpClient.Sent sent = http.sent().get(0);
        assertThat(sent.request().firstMatchingHeader("X-Amz-Security-Token")).isPresent();
        // Verifies where the key is a session key with this token (issued credentials), as AWS STS's would.
        SigV4Verifier sessions = new SigV4Verifier(new CredentialsLookup() {
            @Override
            public java.util.Optional<String> secretFor(String accessKeyId) {
                return java.util.Optional.of(SdkSigning.SECRET_KEY)
                        .filter(s -> accessKeyId.equals(SdkSigning.ACCESS_KEY));
            }

            @Override
            public java.util.Optional<String> sessionTokenFor(String accessKeyId) {
                return java.util.Optional.of("FQoGZXIvYXdzEXAMPLE");
            }
        }, Clock.systemUTC());
        assertThat(sessions.verify(SdkSigning.received(sent.request(), sent.body()))).isNotNull();
    }

    @Test
    void invokeEndpointFromTheRuntimeClientVerifies() {
        FakeHttpClient http = new FakeHttpClient("ok");
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i ^ (i >> 8));
        }
        try (SageMakerRuntimeClient client = SageMakerRuntimeClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://localhost:8080"))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SdkSigning.ACCESS_KEY, SdkSigning.SECRET_KEY)))
                .build()) {
            client.invokeEndpoint(r -> r.endpointName("my-ep").contentType("application/x-npy")
                    .customAttributes("trace=1").body(SdkBytes.fromByteArray(body)));
        }

        FakeHttpClient.Sent sent = http.sent().get(0);
        assertThat(sent.request().encodedPath()).isEqualTo("/endpoints/my-ep/invocations");
        assertThat(sent.body()).isEqualTo(body);
        assertThat(verifier.verify(SdkSigning.received(sent.request(), sent.body()))).isNotNull();
    }
}
