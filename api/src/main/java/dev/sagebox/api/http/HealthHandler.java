package dev.sagebox.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /_sagebox/health}: the state of the database, S3 and Docker as a small JSON object. */
public final class HealthHandler implements HttpHandler {
    private final Map<String, Supplier<String>> components;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param components name to a check that answers "ok" or what is wrong */
    public HealthHandler(Map<String, Supplier<String>> components) {
        this.components = new LinkedHashMap<>(components);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ready");
        components.forEach((name, check) -> body.put(name, check.get()));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(mapper.writeValueAsBytes(body)));
    }
}
