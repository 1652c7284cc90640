package dev.sagebox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The committed performance benchmark (see bench/README.md). Starts Sagebox from api/target/sagebox.jar in its own
 * JVM with SigV4 verification on and H2 on disk, seeds models through CreateModel, measures DescribeModel under
 * concurrent load and ListModels pages over all of them, then measures the HTTP floor servers with the same load,
 * and prints one table. Exits 1 when a target is missed.
 *
 * <p>Usage: {@code Bench <repo root>}; settings come from SAGEBOX_BENCH_* variables (bench/run documents them).
 */
public final class Bench {
    /** Requests per warm-up round; rounds repeat until two agree (see warmThenMeasure). */
    private static final int WARMUP_ROUND = 20_000;
    private static final Duration LIST_TIME_LIMIT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Path work;

    /** How much to run; the defaults keep a whole run near two minutes on two cores. */
    record Settings(Path repo, List<String> serverJvmOptions, Optional<Path> jfrDirectory, int models, int connections,
            int warmupRequests, int loadRequests, int listCalls, Duration loadTimeLimit) {
        static Settings from(Path repo, Map<String, String> env) {
            String opts = env.getOrDefault("SAGEBOX_BENCH_SERVER_OPTS", "").strip();
            return new Settings(repo,
                    opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+")),
                    Optional.ofNullable(env.get("SAGEBOX_BENCH_JFR")).filter(s -> !s.isBlank()).map(Path::of),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_MODELS", "10000")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_CONNECTIONS", "8")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_WARMUP", "40000")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_REQUESTS", "60000")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_LIST_CALLS", "200")),
                    Duration.ofSeconds(30));
        }
    }

    private Bench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Bench <repo root>   (run it through bench/run)");
            System.exit(2);
        }
        Settings settings = Settings.from(Path.of(args[0]).toAbsolutePath().normalize(), System.getenv());
        Path work = Files.createTempDirectory("sagebox-bench-");
        // If the run is interrupted (Ctrl-C, the timeout in bench/run), stop the servers this JVM started.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-stop-servers"));
        int status;
        try {
            status = new Bench(settings, work).run() ? 0 : 1;
        } catch (Exception | Error e) {
            // A run that could not be made is not a missed target: bench/run reports it as status 2.
            System.err.println("bench: could not run the benchmark: " + e);
            e.printStackTrace();
            status = 2;
        } finally {
            if (!"1".equals(System.getenv("SAGEBOX_BENCH_KEEP"))) {
                deleteTree(work);
            }
        }
        System.exit(status);
    }

    private boolean run() throws Exception {
        Path built = settings.repo().resolve("api/target/sagebox.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing: build it first (bench/run does)");
        }
        Path jar = snapshot(built);
        say("server: %s (built %s) in its own JVM (options: %s), H2 on disk, SigV4 verification on;"
                + " load from this JVM", settings.repo().relativize(built), Files.getLastModifiedTime(built),
                settings.serverJvmOptions().isEmpty() ? "JVM defaults" : String.join(" ", settings.serverJvmOptions()));
        say("machine: %d cores, Java %s; client and server share them; loopback 127.0.0.1 only; load average %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());

        Measured sagebox = measureSagebox(jar);
        Latencies floor = measureFloor("sagebox-http", jar, sagebox.describeBody());
        Latencies bare = measureFloor("undertow-io", jar, sagebox.describeBody());
        Report report = new Scorecard(settings).report(sagebox, floor, bare);
        System.out.println();
        report.print(System.out);
        System.out.println();
        System.out.println("ratio = value / baseline. Throughput and latency under load: " + settings.connections()
                + " connections, closed loop, " + String.format("%,d", settings.loadRequests())
                + " measured requests for every server, each after a warm-up of at least "
                + String.format("%,d", settings.warmupRequests()) + " requests, repeated until steady.");
        System.out.println("moto figures were recorded on this machine earlier (moto is not installable here);"
                + " the floor servers are measured in this run. Load average at the end: " + loadAverage()
                + " (anything else running on the machine shows in the figures).");
        boolean passed = report.allPassed();
        System.out.println(passed ? "bench: all targets met" : "bench: TARGET MISSED");
        return passed;
    }

    /**
     * Copies the server jar and its lib/ into the work directory and returns the copy, so a rebuild of api/target
     * while the benchmark runs cannot swap jars under a running server JVM.
     */
    private Path snapshot(Path jar) throws IOException {
        Path dir = Files.createDirectories(work.resolve("server"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> jars = Files.list(jar.resolveSibling("lib"))) {
            for (Path j : jars.toList()) {
                Files.copy(j, lib.resolve(j.getFileName()));
            }
        }
        return Files.copy(jar, dir.resolve(jar.getFileName()));
    }

    /** What the Sagebox phase measured. */
    record Measured(Latencies seed, Latencies describeLoad, Latencies describeSingle, Latencies listFiltered,
            Latencies listFirstPage, byte[] describeBody, long storeBytesAfterSeed, long storeBytesAfterReads) {
    }

    private Measured measureSagebox(Path jar) throws Exception {
        int port = freePort();
        Map<String, String> env = Map.of(
                "SAGEBOX_HOST", "127.0.0.1",
                "SAGEBOX_PORT", String.valueOf(port),
                "SAGEBOX_S3_PORT", String.valueOf(freePort()),
                "SAGEBOX_HOME", work.resolve("home").toString(),
                "SAGEBOX_VERIFY_SIGNATURES", "true",
                "SAGEBOX_ACCESS_KEY", SignedRequests.ACCESS_KEY,
                "SAGEBOX_SECRET_KEY", SignedRequests.SECRET_KEY);
        List<String> launch = List.of("-jar", jar.toString());
        try (JavaProcess server = JavaProcess.start("sagebox", jvmOptions("sagebox"), launch, env,
                "Sagebox is ready", work.resolve("sagebox.log"), Duration.ofSeconds(60))) {
            say("sagebox started (pid %d) on 127.0.0.1:%d", server.pid(), port);
            Workload workload = new Workload(new SignedRequests(port), settings.models());

            List<byte[]> creates = workload.createModels();
            Latencies seed = LoadRun.of(port, settings.connections(), creates.size(), Duration.ofSeconds(120))
                    .run(creates);
            say("seed: CreateModel x %s", seed.summary());
            if (!seed.clean()) {
                // Send them all again: the models that exist answer "already existing", the missing ones are made.
                Latencies again = new LoadRun(port, settings.connections(), creates.size(), Duration.ofSeconds(120),
                        Bench::createdOrExisting).run(creates);
                say("seed again: CreateModel x %s", again.summary());
                require(again, "seeding models");
            }
            long storeAfterSeed = settledStoreBytes();

            byte[] describeBody;
            try (HttpConnection c = new HttpConnection(port)) {
                Response r = c.exchange(workload.describe(0));
                if (r.status() != 200) {
                    throw new IllegalStateException("DescribeModel failed: HTTP " + r.status() + " " + r.text());
                }
                describeBody = r.body();
            }

            List<byte[]> describes = workload.describeModels();
            Latencies describeLoad = warmThenMeasure("DescribeModel", port, describes, Duration.ofSeconds(45));

            LoadRun single = LoadRun.of(port, 1, settings.listCalls() * 10, settings.loadTimeLimit());
            Latencies describeSingle = single.run(describes);
            say("DescribeModel, 1 connection: %s", describeSingle.summary());

            Latencies listFiltered = listRun(port, workload, true);
            say("ListModels NameContains (1 match), MaxResults 100: %s", listFiltered.summary());
            Latencies listFirstPage = listRun(port, workload, false);
            say("ListModels first page, MaxResults 100: %s", listFirstPage.summary());
            return new Measured(seed, describeLoad, describeSingle, listFiltered, listFirstPage, describeBody,
                    storeAfterSeed, storeBytes());
        }
    }

    /**
     * The size of the H2 file under the server's home (-1 if the layout changed): everything after seeding only
     * reads, so growth there means reads write to the store.
     */
    private long storeBytes() throws IOException {
        Path file = work.resolve("home/db/sagebox.mv.db");
        return Files.isRegularFile(file) ? Files.size(file) : -1;
    }

    /**
     * The store's size once H2 has written what seeding left in memory: H2 commits to the file in the background
     * about a second later, so this polls until two readings a quarter second apart agree, for at most 5 s.
     */
    private long settledStoreBytes() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long earliest = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        long previous = storeBytes();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = storeBytes();
            if (now == previous && System.nanoTime() > earliest) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** One connection, calls one after another, each response checked for the models it must list. */
    private Latencies listRun(int port, Workload workload, boolean filtered) throws InterruptedException {
        int calls = settings.listCalls();
        int warmup = Math.max(20, calls / 4);
        if (filtered) {
            int[] warmPicks = workload.picks(warmup, 7);
            run(port, 1, warmup, workload.listNameContains(warmup, 7), oneMatch(warmPicks));
            int[] picks = workload.picks(calls, 42);
            return run(port, 1, calls, workload.listNameContains(calls, 42), oneMatch(picks));
        }
        int expected = Math.min(100, settings.models());
        LoadRun.Check fullPage = (i, r) -> {
            String ok = LoadRun.Check.OK.problem(i, r);
            if (ok != null) {
                return ok;
            }
            JsonNode page = parse(r);
            int n = page.path("Models").size();
            return n == expected ? null : "expected " + expected + " models on the first page, got " + n;
        };
        run(port, 1, warmup, workload.listFirstPage(warmup), fullPage);
        return run(port, 1, calls, workload.listFirstPage(calls), fullPage);
    }

    private static LoadRun.Check oneMatch(int[] picks) {
        return (i, r) -> {
            String ok = LoadRun.Check.OK.problem(i, r);
            if (ok != null) {
                return ok;
            }
            JsonNode summaries = parse(r).path("Models");
            String want = Workload.modelName(picks[i % picks.length]);
            return summaries.size() == 1 && want.equals(summaries.get(0).path("ModelName").asText()) ? null
                    : "NameContains for " + want + " listed " + LoadRun.abbreviate(summaries.toString());
        };
    }

    /** A list run stops after LIST_TIME_LIMIT: 200 calls within target take 4 s, so more means a slow server. */
    private Latencies run(int port, int connections, int total, List<byte[]> requests, LoadRun.Check check)
            throws InterruptedException {
        return new LoadRun(port, connections, total, LIST_TIME_LIMIT, check).run(requests);
    }

    /**
     * Warm-up in rounds until the server is steady (two rounds within 10% of each other, after at least the minimum
     * warm-up), then the measured run, with the same requests. On two cores the JIT shares the CPU with the load and
     * needs well over 100,000 requests to settle, so a fixed short warm-up would measure the compiler, not Sagebox.
     */
    private Latencies warmThenMeasure(String what, int port, List<byte[]> requests, Duration warmupLimit)
            throws InterruptedException {
        long deadline = System.nanoTime() + warmupLimit.toNanos();
        int sent = 0;
        double previous = 0;
        for (int round = 1; ; round++) {
            Latencies warm = LoadRun.of(port, settings.connections(), WARMUP_ROUND, settings.loadTimeLimit())
                    .run(requests);
            sent += warm.count();
            say("%s warm-up round %d: %s", what, round, warm.summary());
            if (!warm.clean()) {
                throw new IllegalStateException(what + " warm-up failed: " + warm.summary());
            }
            double rps = warm.requestsPerSecond();
            boolean steady = previous > 0 && Math.abs(rps - previous) <= 0.10 * previous;
            if ((sent >= settings.warmupRequests() && steady) || System.nanoTime() > deadline) {
                break;
            }
            previous = rps;
        }
        Latencies measured = LoadRun.of(port, settings.connections(), settings.loadRequests(), settings.loadTimeLimit())
                .run(requests);
        say("%s, %d connections: %s", what, settings.connections(), measured.summary());
        return measured;
    }

    private Latencies measureFloor(String mode, Path sageboxJar, byte[] body) throws Exception {
        int port = freePort();
        Path bodyFile = work.resolve("describe-response.json");
        Files.write(bodyFile, body);
        // The floor runs on the server's own classpath (the jar's manifest names lib/), plus this bench's classes.
        String classpath = String.join(java.io.File.pathSeparator,
                Path.of(FloorServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                sageboxJar.toString());
        List<String> launch = List.of("-cp", classpath, FloorServer.class.getName(), mode, String.valueOf(port),
                bodyFile.toString());
        try (JavaProcess server = JavaProcess.start("floor-" + mode, jvmOptions("floor-" + mode), launch, Map.of(),
                FloorServer.READY, work.resolve("floor-" + mode + ".log"), Duration.ofSeconds(30))) {
            say("floor server %s started (pid %d) on 127.0.0.1:%d", mode, server.pid(), port);
            List<byte[]> describes = new Workload(new SignedRequests(port), settings.models()).describeModels();
            return warmThenMeasure("floor " + mode, port, describes, Duration.ofSeconds(20));
        }
    }

    /** The server JVM options, plus a flight recording per server when SAGEBOX_BENCH_JFR names a directory. */
    private List<String> jvmOptions(String server) throws IOException {
        List<String> options = new ArrayList<>(settings.serverJvmOptions());
        if (settings.jfrDirectory().isPresent()) {
            Path dir = Files.createDirectories(settings.jfrDirectory().get().toAbsolutePath());
            options.add("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve(server + ".jfr"));
        }
        return options;
    }

    private static String createdOrExisting(int index, Response r) {
        return r.status() == 200 || r.status() == 400 && r.text().contains("already existing model") ? null
                : LoadRun.Check.OK.problem(index, r);
    }

    private static void require(Latencies run, String what) {
        if (!run.clean()) {
            throw new IllegalStateException(what + " failed: " + run.summary());
        }
    }

    private static JsonNode parse(Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        // Another process could take the port between this and the server binding it; on a bench host it does not.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The 1, 5 and 15-minute load averages, so a reader can tell a busy machine from a slow server. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(format, args));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
