package dev.sagebox.bench.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Sagebox server under test in its own JVM (so {@code -Xmx} caps the server only), started from
 * {@code api/target/sagebox.jar} with {@link HeapProbe} in front of its {@code Main}, on free loopback ports, with a
 * private home. Heap figures come from the probe's samples and from {@code jcmd} (full GC, then heap_info).
 */
final class ServerJvm implements AutoCloseable {
    private static final String READY = "Sagebox is ready";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final Path home;
    private final Path heapLog;
    private final Path log;
    private final int port;
    private final int s3Port;
    private final String heapLimit;

    private ServerJvm(Process process, Path home, Path heapLog, Path log, int port, int s3Port, String heapLimit) {
        this.process = process;
        this.home = home;
        this.heapLog = heapLog;
        this.log = log;
        this.port = port;
        this.s3Port = s3Port;
        this.heapLimit = heapLimit;
    }

    static ServerJvm start(Path repo, Path benchJar, Path work, String heapLimit) throws IOException,
            InterruptedException {
        Path home = Files.createDirectories(work.resolve("home"));
        Path heapLog = work.resolve("server-heap.txt");
        Path log = work.resolve("server.log");
        int port = freePort();
        int s3Port = freePort();
        while (s3Port == port) {
            s3Port = freePort();
        }
        Path target = snapshot(repo.resolve("api/target"), work.resolve("server-jar"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapLimit,
                "-D" + HeapProbe.LOG_PROPERTY + "=" + heapLog,
                "-cp", benchJar + ":" + target.resolve("sagebox.jar") + ":" + target.resolve("lib") + "/*",
                HeapProbe.class.getName()));
        Map<String, String> env = new HashMap<>();
        env.put("SAGEBOX_HOST", "127.0.0.1");
        env.put("SAGEBOX_PORT", String.valueOf(port));
        env.put("SAGEBOX_S3_PORT", String.valueOf(s3Port));
        env.put("SAGEBOX_HOME", home.toString());
        env.put("SAGEBOX_TRAINING_CAPACITY", "2");
        env.put("SAGEBOX_STOP_GRACE_SECONDS", "5");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SAGEBOX_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        ServerJvm server = new ServerJvm(process, home, heapLog, log, port, s3Port, heapLimit);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(process, logFile, ready), "server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return server;
        } catch (TimeoutException | ExecutionException e) {
            server.close();
            throw new IllegalStateException("the Sagebox server did not start within " + START_LIMIT.toSeconds()
                    + " s; its log " + log + " ends with:\n" + server.logTail(), e);
        }
    }

    /**
     * A private copy of the server jar and its lib/: other engineers rebuild api/target while this runs, and a jar
     * replaced under a running JVM fails it with NoClassDefFoundError.
     */
    private static Path snapshot(Path target, Path copy) throws IOException {
        Files.createDirectories(copy.resolve("lib"));
        Files.copy(target.resolve("sagebox.jar"), copy.resolve("sagebox.jar"));
        try (var jars = Files.list(target.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, copy.resolve("lib").resolve(jar.getFileName()));
            }
        }
        return copy;
    }

    private static void pump(Process process, Writer logFile, CompletableFuture<Void> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer w = logFile) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                w.write(line);
                w.write('\n');
                w.flush();
                if (line.contains(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            // The server went away mid-line.
        }
        ready.completeExceptionally(new IllegalStateException("the server exited"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3Port);
    }

    Path home() {
        return home;
    }

    String heapLimit() {
        return heapLimit;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The id every container of this server is labelled with ({@code sagebox.instance}). */
    String serverId() {
        try {
            return Files.readString(home.resolve("server-id"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server stages the given host's /opt/ml/input/data/&lt;channel&gt; of a job. */
    Path channelDir(String job, String channel) {
        return home.resolve("training-jobs").resolve(job.toLowerCase(java.util.Locale.ROOT))
                .resolve("hosts/algo-1/input/data").resolve(channel);
    }

    /** Used heap in bytes right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said no 'used …K':\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                String.valueOf(process.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    /** The probe's samples between two wall-clock instants (millis). */
    HeapWindow heapBetween(long fromMillis, long toMillis) {
        long maxUsed = 0;
        long maxAfterGc = 0;
        long committed = 0;
        int n = 0;
        try {
            for (String line : Files.readAllLines(heapLog, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length != 4) {
                    continue;
                }
                long t = Long.parseLong(f[0]);
                if (t < fromMillis || t > toMillis) {
                    continue;
                }
                maxUsed = Math.max(maxUsed, Long.parseLong(f[1]));
                maxAfterGc = Math.max(maxAfterGc, Long.parseLong(f[2]));
                committed = Math.max(committed, Long.parseLong(f[3]));
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HeapWindow(n, maxUsed, maxAfterGc, committed);
    }

    /** Heap samples of a time window: the peak used, the peak used-after-a-collection, the peak committed. */
    record HeapWindow(int samples, long maxUsed, long maxAfterGc, long maxCommitted) {
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
