package dev.sagebox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.FakeContainerEngine;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake engine's containers as model servers, for the endpoint component tests: each published serving port is
 * an in-process {@link Stub} answering {@code /ping} and {@code /invocations} as its container's environment says,
 * with the switches of sagebox/test-server (hosting/images/test-server/server.py) that the tests need:
 *
 * <ul>
 *   <li>{@code TEST_TAG}: echoed back as "tag", with "hostname" (the container's name) and "body";
 *   <li>{@code TEST_PING_STATUS}: the status of every {@code /ping}.
 * </ul>
 */
final class StubContainers implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeContainerEngine engine;
    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();

    StubContainers(String image) {
        engine = new FakeContainerEngine(image).publishPortsWith(this::publish);
    }

    /** The stub standing in for the container of that name. */
    Stub stub(String containerName) {
        return stubs.get(containerName);
    }

    private int publish(ContainerSpec spec, int port) {
        Stub stub = new Stub(spec.name(), spec.env());
        stubs.put(spec.name(), stub);
        return stub.port;
    }

    @Override
    public void close() {
        stubs.values().forEach(Stub::close);
    }

    /** Stands in for one container's model server. */
    static final class Stub implements AutoCloseable {
        final int port;
        private final String name;
        private final Map<String, String> env;
        private final Undertow server;

        Stub(String name, Map<String, String> env) {
            this.name = name;
            this.env = env;
            server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                    .setHandler(new BlockingHandler(this::answer)).build();
            server.start();
            port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }

        private void answer(HttpServerExchange exchange) throws IOException {
            switch (exchange.getRequestPath()) {
                case "/ping" -> exchange.setStatusCode(Integer.parseInt(env.getOrDefault("TEST_PING_STATUS", "200")));
                case "/invocations" -> {
                    String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getOutputStream().write(JSON.writeValueAsBytes(
                            Map.of("tag", env.getOrDefault("TEST_TAG", ""), "hostname", name, "body", body)));
                }
                default -> exchange.setStatusCode(404);
            }
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
