package dev.sagebox.hosting.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a container says of itself at {@code GET /execution-parameters} (MaxConcurrentTransforms, BatchStrategy,
 * MaxPayloadInMB), merged under the request's own values, then SageMaker's defaults.
 */
record ExecutionParameters(int maxConcurrentTransforms, BatchStrategy batchStrategy, int maxPayloadInMB) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** The request's values, else the container's, else 1, MultiRecord and 6 MB. */
    static ExecutionParameters resolve(TransformSpec spec, HttpClient http, URI containerBase) {
        Optional<JsonNode> answer = spec.maxConcurrentTransforms().isPresent() && spec.batchStrategy().isPresent()
                && spec.maxPayloadInMB().isPresent() ? Optional.empty() : ask(http, containerBase);
        int concurrency = spec.maxConcurrentTransforms().orElseGet(() -> answer
                .map(a -> a.path("MaxConcurrentTransforms").asInt(1)).filter(n -> n > 0).orElse(1));
        BatchStrategy strategy = spec.batchStrategy().orElseGet(() -> answer
                .map(a -> a.path("BatchStrategy").asText(""))
                .flatMap(s -> BatchStrategy.fromWire(s).or(() -> upperCase(s)))
                .orElse(BatchStrategy.MULTI_RECORD));
        int payload = spec.maxPayloadInMB().orElseGet(() -> answer.map(a -> a.path("MaxPayloadInMB").asInt(6))
                .filter(n -> n >= 0).orElse(6));
        return new ExecutionParameters(concurrency, strategy, payload);
    }

    /** Containers built on SageMaker's toolkits answer MULTI_RECORD and SINGLE_RECORD. */
    private static Optional<BatchStrategy> upperCase(String value) {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "MULTI_RECORD" -> Optional.of(BatchStrategy.MULTI_RECORD);
            case "SINGLE_RECORD" -> Optional.of(BatchStrategy.SINGLE_RECORD);
            default -> Optional.empty();
        };
    }

    private static Optional<JsonNode> ask(HttpClient http, URI containerBase) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(containerBase.resolve(
                    "/execution-parameters")).timeout(ASK_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
