package dev.sagebox.examples;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The three AWS SDK v2 clients pointed at a Sagebox: the API and runtime on one port, S3 on another. Settings come
 * from SAGEBOX_ENDPOINT (default http://127.0.0.1:7070), SAGEBOX_S3_ENDPOINT (default http://127.0.0.1:9000) and
 * SAGEBOX_ACCESS_KEY / SAGEBOX_SECRET_KEY (default sagebox / sagebox-secret).
 */
public record SageboxClients(SageMakerClient sageMaker, SageMakerRuntimeClient runtime, S3Client s3)
        implements AutoCloseable {

    public static SageboxClients fromEnvironment() {
        URI api = URI.create(env("SAGEBOX_ENDPOINT", "http://127.0.0.1:7070"));
        URI s3 = URI.create(env("SAGEBOX_S3_ENDPOINT", "http://127.0.0.1:9000"));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                env("SAGEBOX_ACCESS_KEY", "sagebox"), env("SAGEBOX_SECRET_KEY", "sagebox-secret")));
        return new SageboxClients(
                SageMakerClient.builder().endpointOverride(api).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build(),
                SageMakerRuntimeClient.builder().endpointOverride(api).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build(),
                // Path-style, and checksums only where S3 requires them: the embedded S3 server does not read the
                // streaming checksums SDK 2.30+ sends over plain HTTP by default.
                S3Client.builder().endpointOverride(s3).region(Region.US_EAST_1).credentialsProvider(credentials)
                        .forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        sageMaker.close();
        runtime.close();
        s3.close();
    }
}
