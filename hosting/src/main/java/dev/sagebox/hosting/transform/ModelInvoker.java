package dev.sagebox.hosting.transform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends payloads to one instance's {@code /invocations} over kept-alive connections, retrying a failed call up to
 * InvocationsMaxRetries times; a call that still fails ends in {@link InvocationFailure}.
 */
final class ModelInvoker {
    /** A payload the container would not transform: the status (0 for a timeout or a broken connection) and why. */
    static final class InvocationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        InvocationFailure(String message) {
            super(message);
        }
    }

    private static final int BODY_EXCERPT = 512;

    private final HttpClient http;
    private final URI invocations;
    private final Optional<String> contentType;
    private final Optional<String> accept;
    private final Duration timeout;
    private final int maxRetries;

    ModelInvoker(HttpClient http, URI containerBase, Optional<String> contentType, Optional<String> accept,
            Duration timeout, int maxRetries) {
        this.http = http;
        this.invocations = containerBase.resolve("/invocations");
        this.contentType = contentType;
        this.accept = accept;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
    }

    /** The answer to one payload. */
    byte[] invoke(byte[] body) throws InvocationFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(invocations).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        contentType.ifPresent(t -> request.header("Content-Type", t));
        accept.ifPresent(a -> request.header("Accept", a));
        HttpRequest built = request.build();
        String last = "";
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 == 2) {
                    return response.body();
                }
                last = "the model container answered /invocations with status " + response.statusCode()
                        + excerpt(response.body());
            } catch (HttpTimeoutException e) {
                last = "the model container did not answer /invocations within InvocationsTimeoutInSeconds ("
                        + timeout.toSeconds() + " s)";
            } catch (IOException e) {
                last = "the call to the model container's /invocations failed: " + e.getMessage();
            }
        }
        throw new InvocationFailure(last + (maxRetries > 0 ? " (after " + maxRetries + " retries)" : ""));
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, BODY_EXCERPT), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
