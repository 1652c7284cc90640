package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.LabelledObject;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeNotebookInstanceResponse;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;

/**
 * One notebook instance's life in a real Jupyter container (sagebox/notebook), through the real SDK and a browser-like
 * HTTP client: presigned URL into Jupyter, a file through the contents API across stop, start and a Sagebox restart,
 * boto3 in a kernel calling back into Sagebox, wrong-state texts, and delete taking container and volume with it.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookInstanceIT {
    static final String NAME = "it-notebook";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/" + NAME;
    static final Duration START = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static int port;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final ContainerEngine docker = DockerJavaContainerEngine.fromEnvironment();

    @BeforeAll
    static void start() throws IOException {
        // A fixed port, so that the restart below finds the container it may adopt given the same API address.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        startSagebox();
    }

    static void startSagebox() {
        SageboxConfig config = SageboxConfig.from(Map.of("SAGEBOX_PORT", String.valueOf(port), "SAGEBOX_S3_PORT", "0",
                "SAGEBOX_HOME", home.toString()));
        sagebox = TestSagebox.start(Sagebox.builder(config));
        sm = sagebox.sageMaker;
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
        Map<String, String> ours = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId());
        List<ContainerState> containers = docker.containersWithLabels(ours);
        containers.forEach(c -> docker.remove(c.id()));
        List<LabelledObject> volumes = docker.listVolumes(ours);
        volumes.forEach(v -> docker.removeVolume(v.name()));
        docker.close();
        assertThat(containers).as("containers left behind").isEmpty();
        assertThat(volumes).as("volumes left behind").isEmpty();
    }

    static String serverId() {
        try {
            return Files.readString(home.resolve("server-id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static DescribeNotebookInstanceResponse await(NotebookInstanceStatus status) {
        return Poll.value(START, NAME + " " + status, () -> {
            DescribeNotebookInstanceResponse d = sm.describeNotebookInstance(r -> r.notebookInstanceName(NAME));
            assertThat(d.notebookInstanceStatus()).as(d.failureReason()).isNotEqualTo(NotebookInstanceStatus.FAILED);
            return Optional.of(d).filter(x -> x.notebookInstanceStatus() == status);
        });
    }

    static void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    /** This server's objects of the instance (another test run on this host may use the same ARN). */
    static Map<String, String> labels() {
        return Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId(), SageboxLabels.RESOURCE, ARN);
    }

    /** A browser: follows redirects and keeps cookies, opened on a fresh presigned URL. */
    static HttpClient browser() {
        return NotebookBrowser.open(sm, port, NAME, START).client();
    }

    static String base() {
        return "http://127.0.0.1:" + port + "/notebooks/" + NAME + "/";
    }

    static HttpResponse<String> send(HttpClient client, String method, String path, String body) throws Exception {
        return new NotebookBrowser(client, URI.create(base())).send(method, path, body);
    }

    @Test
    @Order(1)
    void createBecomesInServiceAndThePresignedUrlOpensJupyter() throws Exception {
        sm.createNotebookInstance(r -> r.notebookInstanceName(NAME).instanceType("ml.t3.medium").roleArn(ROLE)
                .volumeSizeInGB(5));
        assertValidation(() -> sm.stopNotebookInstance(r -> r.notebookInstanceName(NAME)),
                "Status (Pending) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance ("
                        + ARN + ")");

        DescribeNotebookInstanceResponse d = await(NotebookInstanceStatus.IN_SERVICE);
        assertThat(d.url()).isEqualTo("127.0.0.1:" + port + "/notebooks/" + NAME);

        String url = sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName(NAME)).authorizedUrl();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/notebooks/" + NAME + "/tree");
        assertThat(page.body()).contains("<title>Home Page - Select or create a notebook</title>")
                .contains("/notebooks/" + NAME + "/static/");
        HttpResponse<String> api = send(browser, "GET", "api/contents", null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(api.body()).path("path").asText()).isEmpty();

        HttpClient stranger = HttpClient.newHttpClient();
        assertThat(send(stranger, "GET", "api/contents", null).statusCode()).isEqualTo(403);
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("the URL works once").isEqualTo(403);
        ContainerState container = docker.containersWithLabels(labels()).get(0);
        int jupyterPort = container.hostPort(8888).orElseThrow();
        HttpResponse<String> direct = stranger.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + jupyterPort + "/notebooks/" + NAME + "/api/contents")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as("Jupyter itself wants its token").isEqualTo(403);
        assertValidation(() -> sm.deleteNotebookInstance(r -> r.notebookInstanceName(NAME)),
                "Status (InService) not in ([Stopped, Failed]). Unable to transition to (Deleting) for Notebook"
                        + " Instance (" + ARN + ")");
    }

    @Test
    @Order(2)
    void boto3InAKernelReachesSageboxItself() throws Exception {
        sagebox.s3.createBucket(r -> r.bucket("notebook-data"));
        HttpClient browser = browser();
        HttpResponse<String> kernel = send(browser, "POST", "api/kernels", "{\"name\": \"python3\"}");
        assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
        String kernelId = JSON.readTree(kernel.body()).path("id").asText();

        String output = execute(browser, kernelId, String.join("\n",
                "import boto3",
                "sm = boto3.client('sagemaker')",
                "print('described', sm.describe_notebook_instance(NotebookInstanceName='" + NAME + "')"
                        + "['NotebookInstanceStatus'])",
                "print('buckets', [b['Name'] for b in boto3.client('s3').list_buckets()['Buckets']])",
                "print('endpoint', sm.meta.endpoint_url)"));

        // The SDK's default bucket is there from the server's start.
        assertThat(output).contains("described InService")
                .contains("buckets ['notebook-data', 'sagemaker-us-east-1-123456789012']")
                .contains("endpoint http://172.17.0.1:" + port);
        assertThat(send(browser, "DELETE", "api/kernels/" + kernelId, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void aFileWrittenThroughJupyterSurvivesStopStartAndARestartOfSagebox() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> put = send(browser, "PUT", "api/contents/kept.txt",
                "{\"type\": \"file\", \"format\": \"text\", \"content\": \"still here\"}");
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

        sm.stopNotebookInstance(r -> r.notebookInstanceName(NAME));
        await(NotebookInstanceStatus.STOPPED);
        assertThat(docker.containersWithLabels(labels())).isEmpty();
        assertThat(docker.listVolumes(labels())).singleElement()
                .satisfies(v -> assertThat(v.name()).isEqualTo("sagebox-" + serverId() + "-nb-" + NAME));
        assertThat(send(browser, "GET", "api/contents/kept.txt", null).statusCode()).as("stop ends the session")
                .isEqualTo(403);
        sm.updateNotebookInstance(r -> r.notebookInstanceName(NAME).instanceType("ml.t3.large"));

        sm.startNotebookInstance(r -> r.notebookInstanceName(NAME));
        await(NotebookInstanceStatus.IN_SERVICE);
        assertThat(content(browser(), "kept.txt")).isEqualTo("still here");
        String containerBefore = docker.containersWithLabels(labels()).get(0).id();

        sagebox.close();
        startSagebox();
        await(NotebookInstanceStatus.IN_SERVICE);
        assertThat(content(browser(), "kept.txt")).isEqualTo("still here");
        assertThat(docker.containersWithLabels(labels())).extracting(ContainerState::id)
                .as("the running Jupyter is adopted").containsExactly(containerBefore);
    }

    @Test
    @Order(4)
    void deleteRemovesTheContainerAndTheVolume() {
        sm.stopNotebookInstance(r -> r.notebookInstanceName(NAME));
        await(NotebookInstanceStatus.STOPPED);

        sm.deleteNotebookInstance(r -> r.notebookInstanceName(NAME));

        Poll.until(START, NAME + " deleted", () -> {
            try {
                sm.describeNotebookInstance(r -> r.notebookInstanceName(NAME));
                return false;
            } catch (AwsServiceException e) {
                return e.awsErrorDetails().errorMessage().equals("RecordNotFound");
            }
        });
        assertThat(docker.containersWithLabels(labels())).isEmpty();
        assertThat(docker.listVolumes(labels())).isEmpty();
    }

    static String content(HttpClient browser, String path) throws Exception {
        return new NotebookBrowser(browser, URI.create(base())).content(path);
    }

    /** Runs {@code code} in the kernel over Jupyter's WebSocket channels, through the proxy; its stdout and errors. */
    static String execute(HttpClient browser, String kernelId, String code) throws Exception {
        return JupyterKernels.execute(browser, port, NAME, kernelId, code);
    }
}
