package dev.sagebox.api.http;

import dev.sagebox.api.metrics.PrometheusMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in Prometheus' text format. Read-only and unsigned, as every exporter is, so a
 * Prometheus server scrapes it with no AWS credentials.
 */
public final class MetricsHandler implements HttpHandler {
    private final PrometheusMetrics metrics;

    public MetricsHandler(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.setStatusCode(405);
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusMetrics.CONTENT_TYPE);
        exchange.getResponseSender().send(metrics.scrape(), StandardCharsets.UTF_8);
    }
}
