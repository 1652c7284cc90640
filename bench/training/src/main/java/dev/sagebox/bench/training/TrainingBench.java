package dev.sagebox.bench.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The training benchmark (bench/training/README.md): starts Sagebox from api/target/sagebox.jar in its own JVM with a
 * capped heap, runs the parts asked for, prints figures, baselines, ratios and PASS/FAIL, and removes every container,
 * network and byte it made. Exits 0 when every target is met, 1 when one is missed, 2 when the run could not be made.
 *
 * <p>Usage: {@code TrainingBench <repo root> <bench jar> [--startup] [--file] [--pipe] [--pipe-4g]} (no part flag:
 * all of them).
 */
public final class TrainingBench {
    enum Part { STARTUP, FILE, PIPE, PIPE_4G, LOGS }

    private TrainingBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainingBench <repo root> <bench jar> [--startup] [--file] [--pipe] [--pipe-4g] [--logs]"
                    + "   (run it through bench/training/run)");
            System.exit(2);
        }
        Path repo = Path.of(args[0]).toAbsolutePath().normalize();
        Path benchJar = Path.of(args[1]).toAbsolutePath().normalize();
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String a : List.of(args).subList(2, args.length)) {
            switch (a) {
                case "--startup" -> parts.add(Part.STARTUP);
                case "--file" -> parts.add(Part.FILE);
                case "--pipe" -> parts.add(Part.PIPE);
                case "--pipe-4g" -> parts.add(Part.PIPE_4G);
                case "--logs" -> parts.add(Part.LOGS);
                case "--all" -> parts.addAll(EnumSet.allOf(Part.class));
                default -> {
                    System.err.println("unknown flag " + a + " (flags: --startup --file --pipe --pipe-4g --logs --all)");
                    System.exit(2);
                }
            }
        }
        if (parts.isEmpty()) {
            parts = EnumSet.allOf(Part.class);
        }
        System.exit(run(repo, benchJar, parts));
    }

    private static int run(Path repo, Path benchJar, Set<Part> parts) throws IOException, InterruptedException {
        Context.Settings settings = Context.Settings.from(System.getenv());
        String heap = System.getenv().getOrDefault("SAGEBOX_BENCH_SERVER_HEAP", "256m");
        Path work = Files.createTempDirectory("sagebox-training-bench-");
        Report report = new Report();
        AtomicBoolean cleaned = new AtomicBoolean();
        ServerJvm[] server = new ServerJvm[1];
        // Ctrl-C or the runner's timeout: the server, its containers and the data still go.
        Thread hook = new Thread(() -> cleanUp(server[0], work, cleaned), "bench-clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
        String load = loadAverage();
        try {
            Report.say("starting Sagebox (-Xmx%s) with its home in %s", heap, work.resolve("home"));
            server[0] = ServerJvm.start(repo, benchJar, work, heap);
            try (S3Client s3 = Clients.s3(server[0].s3Endpoint());
                    SageMakerClient sm = Clients.sageMaker(server[0].endpoint())) {
                s3.createBucket(b -> b.bucket(BenchObjects.BUCKET));
                Context c = new Context(server[0], s3, sm, work, settings, report);
                report.note("machine: %d CPUs, load average before the run %s; server pid %d, -Xmx%s",
                        Runtime.getRuntime().availableProcessors(), load, server[0].pid(), heap);
                BenchObjects oneGiB = new BenchObjects("gib/", settings.fileObjects(), settings.fileObjectBytes());
                if (parts.contains(Part.STARTUP)) {
                    new StartupPart(c).run();
                }
                if (parts.contains(Part.FILE) || parts.contains(Part.PIPE)) {
                    long nanos = oneGiB.upload(server[0].s3Endpoint());
                    report.note("uploaded %s (%d objects) in %.1f s (%s)", Report.mib(oneGiB.totalBytes()),
                            oneGiB.count(), nanos / 1e9, Report.mibps(oneGiB.totalBytes() / (nanos / 1e9)));
                }
                if (parts.contains(Part.FILE)) {
                    new FilePart(c, oneGiB).run();
                }
                if (parts.contains(Part.PIPE)) {
                    new PipePart(c).throughputAndFirstByte(oneGiB);
                }
                if (parts.contains(Part.FILE) || parts.contains(Part.PIPE)) {
                    oneGiB.delete(s3);
                }
                if (parts.contains(Part.LOGS)) {
                    try (CloudWatchLogsClient logs = Clients.logs(server[0].endpoint())) {
                        new LogsPart(c, logs, repo).run();
                    }
                }
                if (parts.contains(Part.PIPE_4G)) {
                    new PipePart(c).bigChannel(new BenchObjects("big/", settings.bigObjects(),
                            settings.bigObjectBytes()));
                }
            }
            report.note("load average after the run %s (other engineers' builds and containers share this host)",
                    loadAverage());
        } catch (RuntimeException e) {
            Report.say("the run failed: %s", e);
            e.printStackTrace();
            if (server[0] != null) {
                Report.say("server log tail:\n%s", server[0].logTail());
            }
            report.print("Sagebox training benchmark (INCOMPLETE: " + e.getMessage() + ")", false);
            return 2;
        } finally {
            cleanUp(server[0], work, cleaned);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        report.print("Sagebox training benchmark", true);
        return report.allPassed() ? 0 : 1;
    }

    private static void cleanUp(ServerJvm server, Path work, AtomicBoolean cleaned) {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        try {
            if (server != null) {
                String id = null;
                try {
                    id = server.serverId();
                } catch (RuntimeException e) {
                    Report.say("no server id to clean up by: %s", e.getMessage());
                }
                server.close();
                if (id != null) {
                    int removed = DockerCli.removeLabelled(id);
                    Report.say("removed %d leftover container(s)/network(s) labelled sagebox.instance=%s", removed,
                            id);
                }
            }
            if ("1".equals(System.getenv("SAGEBOX_BENCH_KEEP"))) {
                Report.say("kept %s (SAGEBOX_BENCH_KEEP=1)", work);
            } else {
                FilePart.deleteTree(work);
            }
        } catch (IOException | RuntimeException e) {
            Report.say("clean-up incomplete: %s (look in %s)", e, work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(Locale.ROOT, "%s %s %s", f[0], f[1], f[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
