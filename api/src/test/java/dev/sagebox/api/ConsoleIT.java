package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.console.ConsoleLinks;
import dev.sagebox.api.console.ConsoleUrl;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.LabelledObject;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The web console in Debian's headless Chromium, driven by playwright-core (api/src/main/frontend/test): a real
 * training job with metric definitions, a real endpoint and notebook instance, opened through a one-time link as
 * {@code ./sagebox console-url} makes it. Screenshots go to api/target/console-screenshots.
 */
@Tag("docker")
class ConsoleIT {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final String JOB = "console-train";
    static final String MODEL = "console-model";
    static final String ENDPOINT = "console-endpoint";
    static final String NOTEBOOK = "console-notebook";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path FRONTEND = Path.of("src", "main", "frontend").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Prints one metric line a second, so the chart has points at several times. One line of at most 256 characters. */
    static final String TRAIN = "for i in 1 2 3 4 5; do echo \"epoch $i: train_loss=0.$((9 - i))\"; sleep 1; done;"
            + " echo accuracy=0.875";
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static ContainerEngine docker;

    @BeforeAll
    static void start() {
        docker = DockerJavaContainerEngine.fromEnvironment();
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)));
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.sageMaker.createTrainingJob(r -> r.trainingJobName(JOB).roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(TrainingJobIT.IMAGE)
                        .trainingInputMode(TrainingInputMode.FILE).containerEntrypoint("sh", "-c", TRAIN)
                        .metricDefinitions(m -> m.name("train:loss").regex("train_loss=([0-9.]+)"),
                                m -> m.name("accuracy").regex("accuracy=([0-9.]+)")))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output/"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(300)));
        sagebox.sageMaker.createModel(r -> r.modelName(MODEL).executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(EndpointIT.IMAGE)));
        sagebox.sageMaker.createEndpointConfig(r -> r.endpointConfigName("console-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName(MODEL).initialInstanceCount(1)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(1f)));
        sagebox.sageMaker.createEndpoint(r -> r.endpointName(ENDPOINT).endpointConfigName("console-config"));
        sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName(NOTEBOOK).instanceType("ml.t3.medium")
                .roleArn(ROLE).volumeSizeInGB(5));

        DescribeTrainingJobResponse trained = TrainingJobs.ended(sagebox.sageMaker, JOB, WAIT);
        assertThat(trained.trainingJobStatus()).as(String.valueOf(trained.failureReason()))
                .isEqualTo(TrainingJobStatus.COMPLETED);
        Poll.until(WAIT, "endpoint in service", () -> sagebox.sageMaker.describeEndpoint(r -> r.endpointName(ENDPOINT))
                .endpointStatus() == EndpointStatus.IN_SERVICE);
        Poll.until(Duration.ofSeconds(180), "notebook instance in service", () -> sagebox.sageMaker
                .describeNotebookInstance(r -> r.notebookInstanceName(NOTEBOOK)).notebookInstanceStatus()
                == NotebookInstanceStatus.IN_SERVICE);
        // Invocations, so that the endpoint's charts have something to draw once CloudWatch answers.
        try (SageMakerRuntimeClient runtime = SageMakerRuntimeClient.builder().endpointOverride(sagebox.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        sagebox.server.config().accessKey(), sagebox.server.config().secretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (int i = 0; i < 20; i++) {
                runtime.invokeEndpoint(r -> r.endpointName(ENDPOINT).body(SdkBytes.fromUtf8String("{}")));
            }
        }
    }

    @AfterAll
    static void stop() {
        String serverId = "unknown";
        try {
            serverId = Files.readString(home.resolve("server-id")).strip();
            if (sagebox != null) {
                sagebox.sageMaker.deleteEndpoint(r -> r.endpointName(ENDPOINT));
                sagebox.sageMaker.stopNotebookInstance(r -> r.notebookInstanceName(NOTEBOOK));
                Poll.until(WAIT, "notebook instance stopped", () -> sagebox.sageMaker.describeNotebookInstance(
                        r -> r.notebookInstanceName(NOTEBOOK)).notebookInstanceStatus() == NotebookInstanceStatus.STOPPED);
                sagebox.sageMaker.deleteNotebookInstance(r -> r.notebookInstanceName(NOTEBOOK));
                Poll.until(WAIT, "endpoint and notebook instance deleted", () -> sagebox.sageMaker
                        .listEndpoints(r -> r.maxResults(10)).endpoints().isEmpty() && sagebox.sageMaker
                        .listNotebookInstances(r -> r.maxResults(10)).notebookInstances().isEmpty());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("ConsoleIT clean-up: " + e);
        } finally {
            if (sagebox != null) {
                sagebox.close();
            }
            Map<String, String> ours = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId);
            List<ContainerState> left = docker.containersWithLabels(ours);
            left.forEach(c -> docker.remove(c.id()));
            List<LabelledObject> volumes = docker.listVolumes(ours);
            volumes.forEach(v -> docker.removeVolume(v.name()));
            docker.close();
            assertThat(left).as("containers left behind").isEmpty();
            assertThat(volumes).as("volumes left behind").isEmpty();
        }
    }

    /** A one-time link, made as {@code ./sagebox console-url} makes it: through the server's home. */
    static String link() {
        return ConsoleUrl.link("127.0.0.1", sagebox.server.port(),
                ConsoleLinks.inHome(home, Clock.systemUTC()).issue());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsoleShowsTheResourcesTheTrainingJobsLogsAndChartTheEndpointAndOpensTheNotebook() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Debian's chromium is missing: run examples/scripts/ensure-browser.sh")
                .isTrue();
        String link = link();
        Path output = Files.createTempFile(home, "console-browser", ".log");
        ProcessBuilder node = new ProcessBuilder("node", "test/console-browser.mjs").directory(FRONTEND.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        node.environment().putAll(Map.of("CONSOLE_LINK", link, "TRAINING_JOB", JOB, "ENDPOINT", ENDPOINT,
                "MODEL", MODEL, "NOTEBOOK", NOTEBOOK, "SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", CHROMIUM.toString()));
        Process browser = node.start();
        boolean finished = browser.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            browser.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("console-browser.mjs:\n" + log);
        assertThat(finished).as("the browser script finished in time:\n" + log).isTrue();
        assertThat(browser.exitValue()).as(log).isZero();
        assertThat(log).contains("console-browser: ok").contains("screenshot: " + SCREENSHOTS.resolve("02-training-job.png"));

        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(link)).GET());
        assertThat(again.statusCode()).as("a second use of the link").isEqualTo(403);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void withoutTheCookieNothingIsShownAndTheProxyOnlyReads() throws Exception {
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(sagebox.endpoint().resolve("/console/")).GET(),
                HttpRequest.newBuilder(sagebox.endpoint().resolve("/console/api/sagemaker/ListTrainingJobs"))
                        .header("X-Sagebox-Console", "1").POST(HttpRequest.BodyPublishers.ofString("{}")))) {
            HttpResponse<String> refused = send(request);
            assertThat(refused.statusCode()).isIn(401, 403);
            assertThat(refused.body()).doesNotContain(JOB).doesNotContain(ENDPOINT).doesNotContain(MODEL);
        }

        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(link())).GET());
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> delete = send(HttpRequest.newBuilder(
                sagebox.endpoint().resolve("/console/api/sagemaker/DeleteEndpoint")).header("Cookie", cookie)
                .header("X-Sagebox-Console", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"EndpointName\":\"" + ENDPOINT + "\"}")));
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(sagebox.sageMaker.describeEndpoint(r -> r.endpointName(ENDPOINT)).endpointStatus())
                .isEqualTo(EndpointStatus.IN_SERVICE);
        HttpResponse<String> list = send(HttpRequest.newBuilder(
                sagebox.endpoint().resolve("/console/api/sagemaker/ListTrainingJobs")).header("Cookie", cookie)
                .header("X-Sagebox-Console", "1").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(JOB);
    }
}
