package dev.sagebox.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.TestSagebox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console on a whole server (fake container engine): the one-time link, the session cookie, the refusals
 * without it, and the read-only proxy to the SageMaker and CloudWatch Logs operations.
 */
class ConsoleTest {
    static final String SECRET_NAME = "console-test-model-name";
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path home;
    static TestSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        sagebox.sageMaker.createModel(r -> r.modelName(SECRET_NAME)
                .executionRoleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .primaryContainer(c -> c.image("sagebox/test-server:latest")));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static String link() {
        String token = ConsoleLinks.inHome(home, Clock.systemUTC()).issue();
        return ConsoleUrl.link("127.0.0.1", sagebox.server.port(), token);
    }

    static HttpResponse<String> get(String pathOrUrl, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(pathOrUrl)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> api(String address, String body, String cookie, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/console/api/" + address))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI url(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : sagebox.endpoint().resolve(pathOrUrl);
    }

    /** Follows a new link and returns the session cookie it set, as {@code name=value}. */
    static String session() throws Exception {
        HttpResponse<String> login = get(link(), null);
        assertThat(login.statusCode()).isEqualTo(303);
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    @Test
    void aLinkOpensASessionOnceAndRedirectsToTheConsole() throws Exception {
        String link = link();

        HttpResponse<String> first = get(link, null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue("/console/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(ConsoleHandler.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Path=/console");
        assertThat(first.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        HttpResponse<String> second = get(link, null);
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> page = get("/console/", cookie.split(";")[0]);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("app.js");
        assertThat(get("/console/app.js", cookie.split(";")[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutASessionEverythingIsRefusedAndNoNameShows() throws Exception {
        List<HttpResponse<String>> refused = List.of(
                get("/console/", null),
                get("/console/app.js", null),
                get("/console/", ConsoleHandler.SESSION_COOKIE + "=made-up"),
                api("sagemaker/ListModels", "{}", null, ConsoleHandler.PAGE_HEADER, "1"),
                get("/console/login?token=" + "A".repeat(43), null),
                get("/console/login", null));
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.uri().toString()).isIn(401, 403);
            assertThat(response.body()).doesNotContain(SECRET_NAME);
        }
    }

    @Test
    void theProxyAnswersReadOnlyOperationsInTheServicesOwnShapes() throws Exception {
        String cookie = session();

        HttpResponse<String> models = api("sagemaker/ListModels", "{}", cookie, ConsoleHandler.PAGE_HEADER, "1");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"ModelName\":\"" + SECRET_NAME + "\"");
        assertThat(models.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");

        HttpResponse<String> missing = api("sagemaker/DescribeModel", "{\"ModelName\":\"nope\"}", cookie,
                ConsoleHandler.PAGE_HEADER, "1");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("ValidationException");

        HttpResponse<String> logs = api("logs/DescribeLogStreams", "{\"logGroupName\":\"/aws/sagemaker/TrainingJobs\"}",
                cookie, ConsoleHandler.PAGE_HEADER, "1");
        assertThat(logs.body()).doesNotContain("AccessDenied");
    }

    @Test
    void operationsThatWriteAndRequestsNotFromThePageAreForbidden() throws Exception {
        String cookie = session();

        HttpResponse<String> delete = api("sagemaker/DeleteModel", "{\"ModelName\":\"" + SECRET_NAME + "\"}", cookie,
                ConsoleHandler.PAGE_HEADER, "1");
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(sagebox.sageMaker.describeModel(r -> r.modelName(SECRET_NAME)).modelName()).isEqualTo(SECRET_NAME);
        assertThat(api("sts/GetCallerIdentity", "", cookie, ConsoleHandler.PAGE_HEADER, "1").statusCode()).isEqualTo(403);
        assertThat(api("sagemaker/ListModels", "{}", cookie).statusCode()).as("without the page's header")
                .isEqualTo(403);
        assertThat(api("sagemaker/ListModels", "{}", cookie, ConsoleHandler.PAGE_HEADER, "1", "Origin",
                "http://evil.example").statusCode()).as("from another origin").isEqualTo(403);
    }

    @Test
    void theAllowlistReadsOnly() {
        assertThat(ConsoleProxy.allows("sagemaker", "ListTrainingJobs")).isTrue();
        assertThat(ConsoleProxy.allows("sagemaker", "DescribeEndpoint")).isTrue();
        assertThat(ConsoleProxy.allows("sagemaker", "CreatePresignedNotebookInstanceUrl")).isTrue();
        assertThat(ConsoleProxy.allows("logs", "GetLogEvents")).isTrue();
        assertThat(ConsoleProxy.allows("monitoring", "GetMetricData")).isTrue();
        assertThat(ConsoleProxy.allows("monitoring", "ListMetrics")).isTrue();
        for (String write : List.of("CreateTrainingJob", "StopTrainingJob", "DeleteEndpoint", "UpdateEndpoint",
                "AddTags", "CreateNotebookInstance", "StartNotebookInstance")) {
            assertThat(ConsoleProxy.allows("sagemaker", write)).as(write).isFalse();
        }
        assertThat(ConsoleProxy.allows("monitoring", "PutMetricData")).isFalse();
        assertThat(ConsoleProxy.allows("logs", "PutLogEvents")).isFalse();
        assertThat(ConsoleProxy.allows("sts", "GetCallerIdentity")).isFalse();
    }
}
