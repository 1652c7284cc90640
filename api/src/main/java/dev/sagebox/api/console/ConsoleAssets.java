package dev.sagebox.api.console;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The console's built pages, from {@code console/} on the classpath (the front-end build writes them there). */
final class ConsoleAssets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "map", "application/json");

    private final ClassLoader loader;
    private final String root;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    ConsoleAssets(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** Sends the file {@code relative} names ({@code ""} is the page itself). */
    void send(HttpServerExchange exchange, String relative) {
        String name = relative.isEmpty() ? "index.html" : relative;
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || !NAME.matcher(name).matches()) {
            throw missing(exchange);
        }
        byte[] bytes = cache.computeIfAbsent(name, this::load).orElseThrow(() -> name.equals("index.html")
                ? new SageboxException(ErrorCode.SERVICE_UNAVAILABLE,
                        "This build of Sagebox has no console pages (the front-end build did not run).")
                : missing(exchange));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    private Optional<byte[]> load(String name) {
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SageboxException missing(HttpServerExchange exchange) {
        return new SageboxException(ErrorCode.UNKNOWN_OPERATION, "No operation at GET " + exchange.getRequestPath());
    }
}
