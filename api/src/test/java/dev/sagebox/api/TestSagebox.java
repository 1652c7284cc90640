package dev.sagebox.api;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** A Sagebox started for one test class, and real AWS SDK v2 clients pointed at it. */
final class TestSagebox implements AutoCloseable {
    final Sagebox server;
    final SageMakerClient sageMaker;

    private TestSagebox(Sagebox server) {
        this.server = server;
        this.sageMaker = sageMaker(server.config().accessKey(), server.config().secretKey());
    }

    /** A server on free ports with H2 in memory. */
    static TestSagebox start(Path home) {
        return new TestSagebox(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase().start());
    }

    static TestSagebox start(Sagebox.Builder builder) {
        return new TestSagebox(builder.start());
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    SageMakerClient sageMaker(String accessKey, String secretKey) {
        return SageMakerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Override
    public void close() {
        sageMaker.close();
        server.close();
    }
}
