package dev.sagebox.api;

import dev.sagebox.docker.FakeContainerEngine;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sts.StsClient;

/** A Sagebox started for one test class, and real AWS SDK v2 clients pointed at it. */
public final class TestSagebox implements AutoCloseable {
    public final Sagebox server;
    public final SageMakerClient sageMaker;
    public final S3Client s3;

    private TestSagebox(Sagebox server) {
        this.server = server;
        this.sageMaker = sageMaker(server.config().accessKey(), server.config().secretKey());
        this.s3 = s3(server);
    }

    /**
     * SDK v2 S3 client for the embedded S3. Checksums only when required: over plain HTTP the SDK's default
     * streaming checksums are not understood by S3Proxy.
     */
    static S3Client s3(Sagebox server) {
        return S3Client.builder()
                .endpointOverride(server.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.config().accessKey(), server.config().secretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A server on free ports with H2 in memory, embedded S3 and a hand-written fake container engine. */
    public static TestSagebox start(Path home) {
        return new TestSagebox(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(new FakeContainerEngine()).start());
    }

    public static TestSagebox start(Sagebox.Builder builder) {
        return new TestSagebox(builder.start());
    }

    public URI endpoint() {
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

    /** A CloudWatch Logs client on the API port, with the same keys; the caller closes it. */
    public CloudWatchLogsClient logs() {
        return onApiPort(CloudWatchLogsClient.builder());
    }

    /** An STS client on the API port, with the same keys; the caller closes it. */
    StsClient sts() {
        return onApiPort(StsClient.builder());
    }

    /** Any service's client pointed at the API port with the server's keys, one attempt per call. */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C onApiPort(B builder) {
        return onApiPort(builder, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                server.config().accessKey(), server.config().secretKey())));
    }

    /** Any service's client pointed at the API port with {@code credentials}, one attempt per call. */
    <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C onApiPort(B builder,
            AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Override
    public void close() {
        sageMaker.close();
        s3.close();
        server.close();
    }
}
