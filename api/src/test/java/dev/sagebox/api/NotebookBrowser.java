package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * A browser on one notebook instance's Jupyter through Sagebox's proxy: it follows redirects and keeps the cookie of
 * the presigned URL it opened.
 *
 * @param base the instance's path on Sagebox's API port, ending in {@code /}
 */
record NotebookBrowser(HttpClient client, URI base) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opens a fresh presigned URL, waiting out 503 while the instance's Jupyter comes (back) into service. */
    static NotebookBrowser open(SageMakerClient sm, int port, String name, Duration wait) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String url = sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName(name)).authorizedUrl();
        // 503 leaves the URL unspent.
        HttpResponse<String> page = Poll.value(wait, "the presigned URL to open Jupyter", () -> {
            try {
                return Optional.of(browser.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())).filter(r -> r.statusCode() != 503);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return new NotebookBrowser(browser, URI.create("http://127.0.0.1:" + port + "/notebooks/" + name + "/"));
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Writes a text file through Jupyter's contents API. */
    void write(String path, String text) throws IOException, InterruptedException {
        HttpResponse<String> put = send("PUT", "api/contents/" + path, JSON.createObjectNode().put("type", "file")
                .put("format", "text").put("content", text).toString());
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }

    /** A text file's content through Jupyter's contents API. */
    String content(String path) throws IOException, InterruptedException {
        HttpResponse<String> file = send("GET", "api/contents/" + path + "?type=file&format=text", null);
        assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
        return JSON.readTree(file.body()).path("content").asText();
    }
}
