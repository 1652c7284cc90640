package dev.sagebox.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The fake engine's containers as model servers, for the endpoint component tests: each published serving port is
 * an in-process {@link Stub} answering {@code /ping} and {@code /invocations} as its container's environment says,
 * with the switches of sagebox/test-server (hosting/images/test-server/server.py) that the tests need:
 *
 * <ul>
 *   <li>{@code TEST_TAG}: echoed back as "tag", with "hostname" (the container's name) and "body";
 *   <li>{@code TEST_PING_STATUS}: the status of every {@code /ping};
 *   <li>{@code TEST_INVOCATION_STATUS}: invocations answered with it and the body "failure from <name>";
 *   <li>{@code TEST_PIPELINE_STEP}: answers {"steps": [...the steps received, this one], "hostname": ...};
 *   <li>{@code TEST_HOLD=<gate>}: an invocation is answered only once the test {@link #release}s the gate;
 *   <li>{@code TEST_UNHEALTHY_UNTIL=<gate>}: {@code /ping} answers 503 until the gate is released.
 * </ul>
 */
final class StubContainers implements AutoCloseable {
    /** The port the launcher publishes for an instance's first container; the n-th container's is this + n. */
    static final int SERVING_PORT = 8080;
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeContainerEngine engine;
    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

    StubContainers(String image) {
        engine = new FakeContainerEngine(image).publishPortsWith(this::publish);
        // The first line sagebox/test-server prints, so that an instance's log stream has what it wrote.
        engine.onStart(c -> c.stdout("serving on port " + c.spec().env().getOrDefault("SAGEMAKER_BIND_TO_PORT",
                String.valueOf(SERVING_PORT)) + " as " + c.spec().name() + "\n"));
    }

    /** The stub standing in for the container of that name. */
    Stub stub(String containerName) {
        return stubs.get(containerName);
    }

    /** Lets go whatever waits on {@code gate} now or later (held invocations, unhealthy pings). */
    void release(String gate) {
        gate(gate).complete(null);
    }

    private CompletableFuture<Void> gate(String name) {
        return gates.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    /**
     * An instance publishes one port per container, all on its primary (the others share the primary's network):
     * port 8080 + n is the n-th container's, which the launcher names as the primary with "-n" for "-0" and starts
     * after it, so its stub looks its environment up when asked.
     */
    private int publish(ContainerSpec primary, int port) {
        int index = port - SERVING_PORT;
        String name = index == 0 ? primary.name() : primary.name().replaceFirst("-0$", "-" + index);
        Supplier<Optional<ContainerSpec>> spec = index == 0 ? () -> Optional.of(primary)
                : () -> engine.container(name).map(FakeContainerEngine.FakeContainer::spec);
        Stub stub = new Stub(name, spec);
        stubs.put(name, stub);
        return stub.port;
    }

    @Override
    public void close() {
        gates.values().forEach(g -> g.complete(null));
        stubs.values().forEach(Stub::close);
    }

    /** Stands in for one container's model server. */
    final class Stub implements AutoCloseable {
        final int port;
        private final String name;
        private final Supplier<Optional<ContainerSpec>> spec;
        private final Undertow server;

        Stub(String name, Supplier<Optional<ContainerSpec>> spec) {
            this.name = name;
            this.spec = spec;
            server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                    .setHandler(new BlockingHandler(this::answer)).build();
            server.start();
            port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }

        private void answer(HttpServerExchange exchange) throws IOException, InterruptedException,
                ExecutionException {
            Map<String, String> env = spec.get().map(ContainerSpec::env).orElse(Map.of());
            switch (exchange.getRequestPath()) {
                case "/ping" -> {
                    String gate = env.get("TEST_UNHEALTHY_UNTIL");
                    exchange.setStatusCode(gate != null && !gate(gate).isDone() ? 503
                            : Integer.parseInt(env.getOrDefault("TEST_PING_STATUS", "200")));
                }
                case "/invocations" -> invocation(exchange, env);
                default -> exchange.setStatusCode(404);
            }
        }

        private void invocation(HttpServerExchange exchange, Map<String, String> env) throws IOException,
                InterruptedException, ExecutionException {
            String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (env.containsKey("TEST_HOLD")) {
                gate(env.get("TEST_HOLD")).get();
            }
            int status = Integer.parseInt(env.getOrDefault("TEST_INVOCATION_STATUS", "200"));
            if (status >= 300) {
                send(exchange, status, "text/plain", "failure from " + name);
                return;
            }
            String step = env.get("TEST_PIPELINE_STEP");
            Map<String, Object> doc;
            if (step != null) {
                List<String> steps = new ArrayList<>();
                JSON.readTree(body).path("steps").forEach(s -> steps.add(s.asText()));
                steps.add(step);
                doc = Map.of("steps", steps, "hostname", name);
            } else {
                doc = Map.of("tag", env.getOrDefault("TEST_TAG", ""), "hostname", name, "body", body);
            }
            send(exchange, 200, "application/json", JSON.writeValueAsString(doc));
        }

        private static void send(HttpServerExchange exchange, int status, String type, String body)
                throws IOException {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
            exchange.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** An invocation's answer as JSON. */
    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
