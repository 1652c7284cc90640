package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Every example program runs once, end to end, against a started Sagebox server. */
@Tag("docker")
class ExamplesIT {
    static final Path IRIS = Path.of("data", "iris.csv").toAbsolutePath();
    static final List<String> EXPECTED = List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica");

    @TempDir
    static Path home;
    static RunningSagebox server;
    static SageboxClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = RunningSagebox.start(home.resolve("sagebox"));
        java.net.URI api = java.net.URI.create(server.environment().get("SAGEBOX_ENDPOINT"));
        java.net.URI s3 = java.net.URI.create(server.environment().get("SAGEBOX_S3_ENDPOINT"));
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("sagebox", "sagebox-secret"));
        clients = new SageboxClients(
                SageMakerClient.builder().endpointOverride(api).region(Region.US_EAST_1).credentialsProvider(keys)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                SageMakerRuntimeClient.builder().endpointOverride(api).region(Region.US_EAST_1)
                        .credentialsProvider(keys).httpClient(UrlConnectionHttpClient.create()).build(),
                S3Client.builder().endpointOverride(s3).region(Region.US_EAST_1).credentialsProvider(keys)
                        .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            // Every example deleted its endpoint; deletion finishes in the background, so let it finish before the
            // server stops (the suite fails on labelled containers left behind).
            Poll.until(java.time.Duration.ofMinutes(2), "every endpoint to be deleted",
                    () -> clients.sageMaker().listEndpoints(r -> r.maxResults(100)).endpoints().isEmpty());
            clients.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void javaWalkthroughTrainsDeploysAndPredicts() throws Exception {
        String predictions = IrisWalkthrough.run(clients, IRIS, "File", "iris-java-file");
        assertThat(predictions.lines().toList()).isEqualTo(EXPECTED);
    }

    @Test
    void pipeModeExampleStreamsItsTrainingDataFromTheFifo() throws Exception {
        String predictions = IrisWalkthrough.run(clients, IRIS, "Pipe", "iris-java-pipe");
        assertThat(predictions.lines().toList()).isEqualTo(EXPECTED);
        assertThat(trainingLog("iris-java-pipe")).contains("streamed").contains("(Pipe mode)");
    }

    @Test
    void abExampleShiftsTrafficWithUpdateEndpointWeightsAndCapacities() throws Exception {
        Map<String, Map<String, Integer>> phases = AbTestingExample.run(clients, IRIS, "iris-ab", 200);
        Map<String, Integer> even = phases.get("1 weights 1:1");
        Map<String, Integer> shifted = phases.get("2 weights 1:9");
        assertThat(even.keySet()).containsExactlyInAnyOrder("VariantA", "VariantB");
        assertThat(even.get("VariantA")).isBetween(60, 140);
        assertThat(shifted.getOrDefault("VariantB", 0)).isGreaterThan(150);
    }

    @Test
    void pythonWalkthroughWithBoto3() throws Exception {
        String out = run(List.of("/usr/bin/python3", "python/walkthrough.py", IRIS.toString()));
        assertThat(out).contains("training: Completed").contains("endpoint: InService")
                .contains("predictions: ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']");
    }

    @Test
    void cliWalkthroughWithTheAwsCli() throws Exception {
        String out = run(List.of("bash", "cli/walkthrough.sh", IRIS.toString()));
        assertThat(out).contains("training: Completed").contains("endpoint: InService")
                .contains("predictions: Iris-setosa Iris-versicolor Iris-virginica");
    }

    /** The job's host lines as the server keeps them: the .log files of its CloudWatch Logs streams. */
    private static String trainingLog(String job) throws IOException {
        Path group = server.home.resolve("logs").resolve("%2Faws%2Fsagemaker%2FTrainingJobs");
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(group)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(job + "%2F")
                    && p.getFileName().toString().endsWith(".log")).toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(server.environment());
        pb.environment().put("AWS_CLI", "/usr/bin/aws");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
        Path log = Files.createTempFile(home, "example", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
