package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Shared set-up of the integration tests: a real engine, the test image built by the module's script, and a server
 * id unique to each test so that the reaper removes exactly what that test started.
 */
@Tag("docker")
abstract class DockerItBase {
    static final String IMAGE = "sagebox/test-python:latest";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/it";
    private static boolean imageReady;

    static DockerJavaContainerEngine engine;
    private final List<String> serverIds = new ArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        ensureImage();
        engine = DockerJavaContainerEngine.fromEnvironment();
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void removeWhatThisTestStarted() {
        for (String serverId : serverIds) {
            new ContainerReaper(engine, serverId).reap(Set.of());
            Map<String, String> ours = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId);
            assertThat(engine.containersWithLabels(ours)).as("containers left by " + serverId).isEmpty();
            assertThat(engine.listNetworks(ours)).as("networks left by " + serverId).isEmpty();
            assertThat(engine.listVolumes(ours)).as("volumes left by " + serverId).isEmpty();
        }
    }

    /** A fresh server id; everything labelled with it is removed after the test. */
    String newServerId() {
        String id = "it-" + HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
        serverIds.add(id);
        return id;
    }

    /** Labels of a test container of a new or given server. */
    Map<String, String> labels(String serverId, String role) {
        return SageboxLabels.forResource(serverId, ARN, role);
    }

    /** A spec running {@code command} in the test image, named uniquely and labelled for clean-up. */
    ContainerSpec spec(String role, String... command) {
        String serverId = serverIds.isEmpty() ? newServerId() : serverIds.get(0);
        return ContainerSpec.of(IMAGE, serverId + "-" + role, List.of(command), labels(serverId, role));
    }

    /** A Python program as the command. */
    ContainerSpec python(String role, String program) {
        return spec(role, "python3", "-u", "-c", program);
    }

    /** Runs the spec to its end and returns its exit code together with its output. */
    Finished runToEnd(ContainerSpec spec) {
        String id = engine.start(spec);
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            int code = engine.awaitExit(id, TIMEOUT).orElseThrow(() -> new AssertionError(spec.name() + " still runs"));
            assertThat(follow.awaitEnd(TIMEOUT)).as("log stream of " + spec.name() + " ended").isTrue();
            assertThat(sink.ends()).isEqualTo(1);
            return new Finished(id, code, sink.stdout(), sink.stderr());
        }
    }

    /** A container's end. */
    record Finished(String id, int exitCode, String stdout, String stderr) {
    }

    /** Builds the test image with the module's script once per JVM (fast when it is up to date). */
    static synchronized void ensureImage() throws IOException, InterruptedException {
        if (imageReady) {
            return;
        }
        Path script = Path.of("scripts", "build-images.sh").toAbsolutePath();
        Path log = Files.createTempFile("build-images", ".log");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), "test-python")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("build-images.sh did not finish in 20 minutes");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("build-images.sh failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
        imageReady = true;
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[6];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }
}
