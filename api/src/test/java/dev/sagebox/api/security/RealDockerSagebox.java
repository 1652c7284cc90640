package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.wiring.ObjectStorage;
import dev.sagebox.docker.ContainerReaper;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.LabelledObject;
import dev.sagebox.docker.LogFollow;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.RecordingLogSink;
import dev.sagebox.docker.SageboxLabels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * A Sagebox on the real Docker engine for the security suite: H2 on disk in its own home (so it can be restarted),
 * real AWS SDK v2 clients, and on close a check that nothing it started is left in Docker.
 */
final class RealDockerSagebox implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    final Path home;
    final SageboxConfig config;
    final DockerJavaContainerEngine engine = DockerJavaContainerEngine.fromEnvironment();
    Sagebox server;
    SageMakerClient sm;
    SageMakerRuntimeClient runtime;
    S3Client s3;

    private RealDockerSagebox(Path home, SageboxConfig config) {
        this.home = home;
        this.config = config;
    }

    static RealDockerSagebox start(Path home, UnaryOperator<SageboxConfig> change) {
        RealDockerSagebox sagebox = new RealDockerSagebox(home, change.apply(SageboxConfig.forTests(home)));
        sagebox.open();
        return sagebox;
    }

    private void open() {
        server = Sagebox.builder(config).start();
        URI api = URI.create("http://127.0.0.1:" + server.port());
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                config.accessKey(), config.secretKey()));
        sm = SageMakerClient.builder().endpointOverride(api).region(Region.US_EAST_1).credentialsProvider(keys)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        runtime = SageMakerRuntimeClient.builder().endpointOverride(api).region(Region.US_EAST_1)
                .credentialsProvider(keys).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
        s3 = S3Client.builder().endpointOverride(server.s3Endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(keys)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Stops the server (containers keep running) and starts it again on the same home. */
    void restart() {
        closeServer();
        open();
    }

    String serverId() {
        try {
            return Files.readString(home.resolve("server-id")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Labels that make a test's own container this server's, so the reaper and the final check see it. */
    Map<String, String> labels(String role) {
        return SageboxLabels.forResource(serverId(), "arn:aws:sagemaker:us-east-1:123456789012:test/" + role, role);
    }

    /** The embedded S3 as a container on Docker's default bridge reaches it. */
    String s3ForContainers() {
        return "http://" + ObjectStorage.dockerBridgeAddress().orElseThrow() + ":" + server.s3Endpoint().getPort();
    }

    /**
     * Starts a web server on Docker's default bridge, outside every network Sagebox makes, and returns its URL once
     * it answers the host: what an isolated container must not reach. The reaper removes it at {@link #close}.
     */
    String startBridgeServer(String role) {
        String id = engine.start(ContainerSpec.of("sagebox/test-python:latest", "sagebox-" + serverId() + "-" + role,
                List.of("python3", "-m", "http.server", "8080"), labels(role)));
        String ip = Poll.value(WAIT, role + " address", () -> engine.inspect(id)
                .flatMap(c -> c.ipAddresses().values().stream().findFirst()));
        String url = "http://" + ip + ":8080/";
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();
        Poll.until(WAIT, role + " answering", () -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(3)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        return url;
    }

    /** Runs a container to its end and returns its standard output. */
    String runToEnd(ContainerSpec spec) {
        String id = engine.start(spec);
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            assertThat(engine.awaitExit(id, WAIT)).as(spec.name() + " ended").isPresent();
            assertThat(follow.awaitEnd(WAIT)).isTrue();
            return sink.stdout() + sink.stderr();
        } finally {
            engine.remove(id);
        }
    }

    /** A File-mode channel of every object under an S3 prefix. */
    static Channel channel(String name, String s3Prefix) {
        return Channel.builder().channelName(name).dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                .s3Uri(s3Prefix).s3DataDistributionType("FullyReplicated"))).build();
    }

    DescribeTrainingJobResponse trainingJobEnded(String name) {
        return Poll.value(WAIT, "training job " + name + " to end", () -> {
            DescribeTrainingJobResponse d = sm.describeTrainingJob(r -> r.trainingJobName(name));
            return d.trainingJobStatus() == TrainingJobStatus.IN_PROGRESS
                    || d.trainingJobStatus() == TrainingJobStatus.STOPPING ? Optional.empty() : Optional.of(d);
        });
    }

    DescribeEndpointResponse awaitInService(String name) {
        return Poll.value(WAIT, "endpoint " + name + " in service", () -> {
            DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName(name));
            if (d.endpointStatus() == EndpointStatus.FAILED) {
                throw new AssertionError(name + " failed: " + d.failureReason());
            }
            return d.endpointStatus() == EndpointStatus.IN_SERVICE ? Optional.of(d) : Optional.empty();
        });
    }

    void deleteEndpointAndWait(String name) {
        sm.deleteEndpoint(r -> r.endpointName(name));
        Poll.until(WAIT, "endpoint " + name + " gone", () -> {
            try {
                sm.describeEndpoint(r -> r.endpointName(name));
                return false;
            } catch (SageMakerException e) {
                return true;
            }
        });
    }

    JsonNode invoke(String endpoint) throws IOException {
        return JSON.readTree(runtime.invokeEndpoint(r -> r.endpointName(endpoint).contentType("application/json")
                .body(SdkBytes.fromUtf8String("{}"))).body().asByteArray());
    }

    /** The endpoint's containers, primary of each instance included. */
    List<ContainerState> containersOf(String endpoint) {
        return engine.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId(),
                SageboxLabels.RESOURCE, "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + endpoint));
    }

    /** The text files of a tar.gz in S3. */
    Map<String, String> archive(String bucket, String key) throws IOException {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        Map<String, String> out = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new ByteArrayInputStream(bytes)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private void closeServer() {
        sm.close();
        runtime.close();
        s3.close();
        server.close();
    }

    @Override
    public void close() {
        String serverId = serverId();
        try {
            for (var e : sm.listEndpoints(r -> r.maxResults(100)).endpoints()) {
                deleteEndpointAndWait(e.endpointName());
            }
            closeServer();
        } finally {
            new ContainerReaper(engine, serverId).reap(Set.of());
            Map<String, String> ours = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId);
            List<ContainerState> left = engine.containersWithLabels(ours);
            left.forEach(c -> engine.remove(c.id()));
            List<LabelledObject> networks = engine.listNetworks(ours);
            networks.forEach(n -> engine.removeNetwork(n.name()));
            List<LabelledObject> volumes = engine.listVolumes(ours);
            volumes.forEach(v -> engine.removeVolume(v.name()));
            engine.close();
            assertThat(left).as("containers left behind").isEmpty();
            assertThat(networks).as("networks left behind").isEmpty();
            assertThat(volumes).as("volumes left behind").isEmpty();
        }
    }
}
