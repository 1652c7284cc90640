package dev.sagebox.hosting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Asks Jupyter's {@code api/status} with its token: 200 means the server is up and serving its API. */
public final class HttpNotebookProbe implements NotebookProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public boolean answers(String host, int port, String basePath, String token) {
        URI status = URI.create("http://" + host + ":" + port + basePath + "api/status");
        HttpRequest request = HttpRequest.newBuilder(status)
                .timeout(TIMEOUT)
                .header("Authorization", "token " + token)
                .GET()
                .build();
        return HttpOk.answered(client, request);
    }
}
