package dev.sagebox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server in its own JVM, so it is measured as users run it: its own heap, JIT and GC, reached over loopback only.
 * Start waits for a line on standard output that says the server is ready; close stops it (SIGTERM, so its
 * shutdown hook runs, then a forced kill if it lingers). Standard output and error go to a log file.
 */
public final class JavaProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Runs {@code java <jvmOptions> <launch…>} with {@code env} added, and returns once a line of its standard output
     * contains {@code readyText}; fails with the log's tail if it exits or stays silent past {@code startLimit}.
     */
    public static JavaProcess start(String name, List<String> jvmOptions, List<String> launch, Map<String, String> env,
            String readyText, Path log, Duration startLimit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        JavaProcess started = new JavaProcess(name, process, log);
        Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, logFile, readyText, ready), name + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(startLimit.toMillis(), TimeUnit.MILLISECONDS);
            return started;
        } catch (TimeoutException | ExecutionException e) {
            started.close();
            throw new IllegalStateException(name + " did not start within " + startLimit.toSeconds() + " s ("
                    + (e instanceof ExecutionException ? e.getCause().getMessage() : "no ready line") + "); its log "
                    + log + " ends with:\n" + started.logTail(), e);
        }
    }

    private static void pump(Process process, Writer logFile, String readyText, CompletableFuture<Void> ready) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); Writer w = logFile) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                w.write(line);
                w.write('\n');
                w.flush();
                if (!ready.isDone() && line.contains(readyText)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            // The process went away mid-line; the exit below reports it.
        }
        ready.completeExceptionally(new IllegalStateException("exited with status " + exitStatus(process)));
    }

    private static String exitStatus(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
                System.err.println("bench: " + name + " ignored SIGTERM for " + STOP_GRACE.toSeconds() + " s; killing it");
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
