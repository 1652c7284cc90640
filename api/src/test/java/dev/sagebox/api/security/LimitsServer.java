package dev.sagebox.api.security;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** A real Sagebox (real Docker) for the limits tests, with SDK v2 clients on it. */
final class LimitsServer implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    final Sagebox server;
    final SageMakerClient sm;
    final S3Client s3;
    final DockerJavaContainerEngine docker = DockerJavaContainerEngine.fromEnvironment();
    final String serverId;

    LimitsServer(SageboxConfig config) {
        this.server = Sagebox.builder(config).start();
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        this.sm = SageMakerClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1).credentialsProvider(keys).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        this.s3 = S3Client.builder().endpointOverride(server.s3Endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(keys)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build();
        try {
            this.serverId = Files.readString(config.home().resolve("server-id")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every container this server started that still exists. */
    List<ContainerState> containers() {
        return docker.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId));
    }

    /** The containers of one resource (endpoint, training job, notebook) by its ARN. */
    List<ContainerState> containersOf(String arn) {
        return docker.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId,
                SageboxLabels.RESOURCE, arn));
    }

    /** Closes the server and removes what it left, returning what was left (the tests assert it is nothing). */
    List<ContainerState> closeAndSweep() {
        sm.close();
        s3.close();
        server.close();
        List<ContainerState> left = containers();
        left.forEach(c -> docker.remove(c.id()));
        docker.close();
        return left;
    }

    @Override
    public void close() {
        closeAndSweep();
    }
}
