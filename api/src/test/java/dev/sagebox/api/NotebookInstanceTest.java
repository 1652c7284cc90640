package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.hosting.NotebookSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeNotebookInstanceResponse;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Notebook instance operations through the real SDK v2 client, with the fake container engine standing in for Docker
 * and a probe that says Jupyter answers: statuses, SageMaker's wrong-state texts, the Url and presigned URL forms, and
 * the proxy's refusals (forwarding to a real Jupyter is {@code NotebookInstanceIT}'s).
 */
class NotebookInstanceTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/";

    @TempDir
    static Path home;
    static final FakeContainerEngine engine = new FakeContainerEngine(NotebookSettings.DEFAULT_IMAGE);
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine).notebookProbe((host, port, basePath, token) -> true));
        sm = sagebox.sageMaker;
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static void create(String name) {
        sm.createNotebookInstance(r -> r.notebookInstanceName(name).instanceType("ml.t2.medium").roleArn(ROLE));
    }

    static DescribeNotebookInstanceResponse await(String name, NotebookInstanceStatus status) {
        return Poll.value(Duration.ofSeconds(10), name + " " + status, () -> java.util.Optional
                .of(sm.describeNotebookInstance(r -> r.notebookInstanceName(name)))
                .filter(d -> d.notebookInstanceStatus() == status));
    }

    static void assertValidation(Executable call, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createDescribeAndListShowTheInstanceWithItsAddress() {
        String arn = sm.createNotebookInstance(r -> r.notebookInstanceName("Lab-1").instanceType("ml.t3.medium")
                .roleArn(ROLE).volumeSizeInGB(10).tags(Tag.builder().key("team").value("ml").build()))
                .notebookInstanceArn();
        assertThat(arn).isEqualTo(ARN + "lab-1");

        DescribeNotebookInstanceResponse d = await("Lab-1", NotebookInstanceStatus.IN_SERVICE);

        assertThat(d.notebookInstanceName()).isEqualTo("Lab-1");
        assertThat(d.notebookInstanceArn()).isEqualTo(arn);
        // SageMaker's Url is the instance's host name without scheme; Sagebox's is its path on the API's address.
        assertThat(d.url()).isEqualTo("127.0.0.1:" + sagebox.server.port() + "/notebooks/lab-1");
        assertThat(d.instanceTypeAsString()).isEqualTo("ml.t3.medium");
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.volumeSizeInGB()).isEqualTo(10);
        assertThat(d.directInternetAccessAsString()).isEqualTo("Enabled");
        assertThat(d.rootAccessAsString()).isEqualTo("Enabled");
        assertThat(d.creationTime()).isNotNull();
        assertThat(d.lastModifiedTime()).isNotNull();
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("team");
        assertThat(sm.listNotebookInstances(r -> r.nameContains("lab-")).notebookInstances())
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.notebookInstanceName()).isEqualTo("Lab-1");
                    assertThat(s.notebookInstanceStatus()).isEqualTo(NotebookInstanceStatus.IN_SERVICE);
                    assertThat(s.url()).isEqualTo(d.url());
                });
        assertThat(engine.volumes()).anySatisfy((volume, labels) -> assertThat(labels)
                .containsEntry("sagebox.resource", arn));
    }

    @Test
    void wrongStateAndUnknownNamesFailWithSageMakersTexts() {
        create("states");
        await("states", NotebookInstanceStatus.IN_SERVICE);
        String arn = ARN + "states";

        assertValidation(() -> sm.startNotebookInstance(r -> r.notebookInstanceName("states")),
                "Status (InService) not in ([Stopped, Failed]). Unable to transition to (Pending) for Notebook"
                        + " Instance (" + arn + ")");
        assertValidation(() -> sm.deleteNotebookInstance(r -> r.notebookInstanceName("states")),
                "Status (InService) not in ([Stopped, Failed]). Unable to transition to (Deleting) for Notebook"
                        + " Instance (" + arn + ")");
        assertValidation(() -> sm.updateNotebookInstance(r -> r.notebookInstanceName("states")
                .instanceType("ml.m5.xlarge")),
                "Status (InService) not in ([Stopped]). Unable to transition to (Updating) for Notebook Instance ("
                        + arn + ")");
        assertValidation(() -> create("STATES"), "Cannot create a duplicate Notebook Instance (" + arn + ")");

        sm.stopNotebookInstance(r -> r.notebookInstanceName("states"));
        await("states", NotebookInstanceStatus.STOPPED);
        assertValidation(() -> sm.stopNotebookInstance(r -> r.notebookInstanceName("states")),
                "Status (Stopped) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance ("
                        + arn + ")");

        for (Executable call : List.<Executable>of(
                () -> sm.describeNotebookInstance(r -> r.notebookInstanceName("nope")),
                () -> sm.startNotebookInstance(r -> r.notebookInstanceName("nope")),
                () -> sm.stopNotebookInstance(r -> r.notebookInstanceName("nope")),
                () -> sm.deleteNotebookInstance(r -> r.notebookInstanceName("nope")),
                () -> sm.updateNotebookInstance(r -> r.notebookInstanceName("nope").roleArn(ROLE)),
                () -> sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("nope")))) {
            assertValidation(call, "RecordNotFound");
        }
    }

    @Test
    void updateWhileStoppedThenDeleteRemovesRecordVolumeAndTags() {
        create("short-lived");
        await("short-lived", NotebookInstanceStatus.IN_SERVICE);
        sm.stopNotebookInstance(r -> r.notebookInstanceName("short-lived"));
        await("short-lived", NotebookInstanceStatus.STOPPED);

        sm.updateNotebookInstance(r -> r.notebookInstanceName("short-lived").instanceType("ml.m5.xlarge")
                .roleArn("arn:aws:iam::123456789012:role/Other"));
        DescribeNotebookInstanceResponse updated = sm.describeNotebookInstance(
                r -> r.notebookInstanceName("short-lived"));
        assertThat(updated.notebookInstanceStatus()).isEqualTo(NotebookInstanceStatus.STOPPED);
        assertThat(updated.instanceTypeAsString()).isEqualTo("ml.m5.xlarge");
        assertThat(updated.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/Other");

        sm.deleteNotebookInstance(r -> r.notebookInstanceName("short-lived"));

        Poll.until(Duration.ofSeconds(10), "short-lived deleted", () -> {
            try {
                sm.describeNotebookInstance(r -> r.notebookInstanceName("short-lived"));
                return false;
            } catch (AwsServiceException e) {
                return e.awsErrorDetails().errorMessage().equals("RecordNotFound");
            }
        });
        assertThat(engine.volumes().values()).noneSatisfy(labels -> assertThat(labels)
                .containsEntry("sagebox.resource", ARN + "short-lived"));
        assertThat(engine.containers()).noneSatisfy(c -> assertThat(c.spec().labels())
                .containsEntry("sagebox.resource", ARN + "short-lived"));
        assertValidation(() -> sm.listTags(r -> r.resourceArn(ARN + "short-lived")), "Resource does not exist");
    }

    @Test
    void thePresignedUrlWorksOnceAndNothingElseGetsIn() throws Exception {
        create("secure");
        await("secure", NotebookInstanceStatus.IN_SERVICE);
        String base = "http://127.0.0.1:" + sagebox.server.port() + "/notebooks/secure";

        String url = sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("secure")
                .sessionExpirationDurationInSeconds(1800)).authorizedUrl();

        assertThat(url).startsWith(base + "?authToken=");
        assertThat(get(base + "/tree").statusCode()).isEqualTo(403);
        assertThat(get(base + "/api/contents").statusCode()).isEqualTo(403);
        assertThat(get(base + "/tree", "Cookie", "sagebox-notebook-session=guessed").statusCode()).isEqualTo(403);
        assertThat(get(base + "?authToken=guessed").statusCode()).isEqualTo(403);

        HttpResponse<String> opened = get(url);
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location")).contains("/notebooks/secure/tree");
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("sagebox-notebook-session=").contains("Path=/notebooks/secure/")
                .contains("HttpOnly").containsIgnoringCase("Max-Age=1800");

        assertThat(get(url).statusCode()).as("the URL works once").isEqualTo(403);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get(base.replace("secure", "lab-other") + "/tree", "Cookie", session).statusCode())
                .as("a session opens only its own instance").isEqualTo(403);
    }

    @Test
    void thePresignedUrlOfAStoppedInstanceWaitsForItToBeInService() throws Exception {
        create("later");
        await("later", NotebookInstanceStatus.IN_SERVICE);
        sm.stopNotebookInstance(r -> r.notebookInstanceName("later"));
        await("later", NotebookInstanceStatus.STOPPED);
        String url = sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("later")).authorizedUrl();

        assertThat(get(url).statusCode()).isEqualTo(503);

        sm.startNotebookInstance(r -> r.notebookInstanceName("later"));
        await("later", NotebookInstanceStatus.IN_SERVICE);
        assertThat(get(url).statusCode()).isEqualTo(302);
    }

    @Test
    void sessionLengthsOutsideSageMakersRangeAreRefused() {
        create("ranges");
        assertThatThrownBy(() -> sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName("ranges")
                .sessionExpirationDurationInSeconds(60)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("sessionExpirationDurationInSeconds"));
    }
}
