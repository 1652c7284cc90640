package dev.sagebox.bench.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI: the baseline {@code docker run}, and removal of what this run left behind, by label only. */
final class DockerCli {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private DockerCli() {
    }

    /** What a command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker " + String.join(" ", args) + " took longer than "
                    + LIMIT.toSeconds() + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * The baseline: {@code docker run --rm -v <optMl>:/opt/ml IMAGE train}, timed from the CLI's start to its exit
     * (create, start, attach, wait, remove). Labelled like Sagebox's containers so the clean-up finds it too.
     */
    static long timedRun(String image, Path optMl, String name, String serverId)
            throws IOException, InterruptedException {
        List<String> args = List.of("run", "--rm", "--name", name,
                "--label", "sagebox.managed=true", "--label", "sagebox.instance=" + serverId,
                "-v", optMl.toAbsolutePath() + ":/opt/ml", image, "train");
        long start = System.nanoTime();
        Result r = run(args);
        long elapsed = System.nanoTime() - start;
        if (r.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " exited " + r.exitCode() + ": "
                    + r.output());
        }
        return elapsed;
    }

    /** Removes every container and network labelled with this server's id; returns how many were removed. */
    static int removeLabelled(String serverId) throws IOException, InterruptedException {
        String filter = "label=sagebox.instance=" + serverId;
        int removed = 0;
        List<String> containers = ids(run(List.of("ps", "-aq", "--filter", filter)));
        if (!containers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(containers);
            run(rm);
            removed += containers.size();
        }
        List<String> networks = ids(run(List.of("network", "ls", "-q", "--filter", filter)));
        if (!networks.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("network", "rm"));
            rm.addAll(networks);
            run(rm);
            removed += networks.size();
        }
        return removed;
    }

    /** One engine event: when (epoch millis), of what type (container, network), which action, whose name. */
    record Event(long millis, String type, String action, String name) {
    }

    /** The engine's events between two wall-clock instants (epoch millis), oldest first. */
    static List<Event> events(long sinceMillis, long untilMillis) throws IOException, InterruptedException {
        Result r = run(List.of("events", "--since", seconds(sinceMillis), "--until", seconds(untilMillis),
                "--format", "{{.TimeNano}} {{.Type}} {{.Action}} {{index .Actor.Attributes \"name\"}}"));
        List<Event> events = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String[] f = line.strip().split(" ", 4);
            if (f.length == 4 && f[0].matches("\\d+")) {
                events.add(new Event(Long.parseLong(f[0]) / 1_000_000, f[1], f[2], f[3]));
            }
        }
        return events;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    static boolean imageExists(String image) throws IOException, InterruptedException {
        return run(List.of("image", "inspect", image)).exitCode() == 0;
    }

    private static List<String> ids(Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("docker said: " + r.output());
        }
        return Arrays.stream(r.output().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }
}
