package dev.sagebox.examples;

import dev.sagebox.docker.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged Sagebox server ({@code api/target/sagebox.jar}, built earlier in the reactor) running as its own
 * process on free ports with a fresh home, the way a user runs it; the examples talk to it over the wire only.
 */
final class RunningSagebox implements AutoCloseable {
    final Path home;
    final int port;
    final int s3Port;
    private final Process process;

    private RunningSagebox(Path home, int port, int s3Port, Process process) {
        this.home = home;
        this.port = port;
        this.s3Port = s3Port;
        this.process = process;
    }

    static RunningSagebox start(Path home) throws IOException, InterruptedException {
        Path jar = Path.of("..", "api", "target", "sagebox.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: " + jar + " is missing");
        }
        int port = freePort();
        int s3Port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        pb.environment().putAll(Map.of("SAGEBOX_HOME", home.toString(), "SAGEBOX_PORT", String.valueOf(port),
                "SAGEBOX_S3_PORT", String.valueOf(s3Port)));
        pb.redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
        Files.createDirectories(home);
        RunningSagebox server = new RunningSagebox(home, port, s3Port, pb.start());
        server.awaitHealthy();
        return server;
    }

    /** What the example programs read to find this server. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SAGEBOX_ENDPOINT", "http://127.0.0.1:" + port);
        env.put("SAGEBOX_S3_ENDPOINT", "http://127.0.0.1:" + s3Port);
        return env;
    }

    private void awaitHealthy() throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sagebox/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            Poll.until(Duration.ofSeconds(60), "the server to answer /_sagebox/health with 200", () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited: " + log());
                }
                try {
                    return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the server", e);
                }
            });
        } catch (AssertionError timedOut) {
            throw new IllegalStateException("the server did not become healthy: " + log(), timedOut);
        }
    }

    private String log() {
        try {
            return Files.readString(home.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
