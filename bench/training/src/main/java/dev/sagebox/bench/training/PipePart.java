package dev.sagebox.bench.training;

import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 4: Pipe mode. sagebox/bench-pipe reads {@code /opt/ml/input/data/train_0} with dd into /dev/null and records,
 * on the host's clock, the time just before open(), after the first byte and after the last byte.
 * (c) throughput from open() to the last byte against plain S3 GETs (to a null sink, as the reader discards) of the
 * same objects from the same server, interleaved; (d) open() to first byte; (e) a 4 GiB channel through a server whose
 * heap is capped (256 MB by default), objects generated on the fly and deleted afterwards.
 */
final class PipePart {
    static final String IMAGE = "sagebox/bench-pipe:latest";
    static final double TARGET_RATIO = 0.8;
    static final double TARGET_FIRST_BYTE_SECONDS = 1.0;
    static final long HEAP_GROWTH_LIMIT = 16L << 20;

    private final Context c;

    PipePart(Context c) {
        this.c = c;
    }

    /** What the reader in the container recorded. */
    record Reading(long bytes, double seconds, double firstByteSeconds) {
        double bytesPerSecond() {
            return bytes / seconds;
        }

        /** The reader's key=value lines (bench-pipe/train). */
        static Reading parse(String text) {
            Map<String, Long> v = new HashMap<>();
            for (String line : text.split("\n")) {
                String[] kv = line.strip().split("=", 2);
                if (kv.length == 2 && !kv[1].isEmpty()) {
                    v.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            for (String key : List.of("bytes", "open_ns", "first_byte_ns", "end_ns")) {
                if (!v.containsKey(key)) {
                    throw new IllegalStateException("the reader recorded no " + key + ": " + text);
                }
            }
            return new Reading(v.get("bytes"), (v.get("end_ns") - v.get("open_ns")) / 1e9,
                    (v.get("first_byte_ns") - v.get("open_ns")) / 1e9);
        }
    }

    void throughputAndFirstByte(BenchObjects objects) throws IOException, InterruptedException {
        Report.say("(c)(d) Pipe mode: %s channel, %d repetitions", Report.mib(objects.totalBytes()),
                c.settings().pipeReps());
        // Warm the server's page cache and every JIT (both GET paths, the FIFO paths), unmeasured. The target is the
        // sustained rate: after one short job the server's C2 compiler was still busy during the first repetitions
        // (about half a second of compiling inside a one-second window), so each path runs the whole channel twice.
        for (int i = 0; i < 2; i++) {
            objects.getToNull(c.s3());
            pipeJob("bench-pipe-warm-" + i, objects, Duration.ofMinutes(5));
            plainFifo(objects, -1 - i);
        }
        // Each job runs code that a young server is still compiling (Jetty, Jackson, H2, docker-java, OkHttp): after
        // two jobs the JIT compiled about 300 methods per second of the measured streams and took 15-25% of the two
        // cores from them; after twelve, about 130. More whole jobs bring the server closer to the steady state of one
        // that has been running for a while, which is what "sustained" is about.
        for (int i = 2; i < c.settings().pipeWarmJobs(); i++) {
            pipeJob("bench-pipe-warm-" + i, objects, Duration.ofMinutes(5));
        }
        List<Double> nul = new ArrayList<>();
        List<Double> piped = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> firstByte = new ArrayList<>();
        for (int i = 1; i <= c.settings().pipeReps(); i++) {
            nul.add(objects.totalBytes() / (objects.getToNull(c.s3()) / 1e9));
            floor.add(plainFifo(objects, i).bytesPerSecond());
            Reading r = pipeJob("bench-pipe-" + i, objects, Duration.ofMinutes(5));
            piped.add(r.bytesPerSecond());
            firstByte.add(r.firstByteSeconds());
            Report.say("(c) rep %d: GET-to-null %s, GET->FIFO without Sagebox %s, Sagebox pipe %s, first byte %.0f ms",
                    i, Report.mibps(nul.get(i - 1)), Report.mibps(floor.get(i - 1)), Report.mibps(r.bytesPerSecond()),
                    r.firstByteSeconds() * 1000);
        }
        double nullMedian = Report.median(nul);
        double pipedMedian = Report.median(piped);
        Report.Ratios ratios = Report.Ratios.of(piped, nul);
        c.report().note("(c) GET-to-null (SDK v2, 1 MiB reads, sequential): %s",
                Report.list(nul, "MiB/s", 1.0 / (1 << 20)));
        c.report().note("(c) Pipe, open() to last byte in the container: %s",
                Report.list(piped, "MiB/s", 1.0 / (1 << 20)));
        double floorMedian = Report.median(floor);
        c.report().note("(c) floor, GET (SDK v2) -> 1 MiB buffer -> FIFO -> same reader, plain docker run: %s;"
                + " Sagebox / floor = %s", Report.list(floor, "MiB/s", 1.0 / (1 << 20)),
                Report.ratio(pipedMedian / floorMedian));
        c.report().verdict("4c", "Pipe throughput, " + Report.mib(objects.totalBytes()) + " channel (median of "
                        + piped.size() + ")",
                Report.mibps(pipedMedian), "GET-to-null " + Report.mibps(nullMedian), ratios.describe(),
                "median paired ratio >= " + TARGET_RATIO + " of GET", ratios.pairedMedian() >= TARGET_RATIO);
        double worst = firstByte.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        c.report().verdict("4d", "Pipe open() -> first byte (worst of " + firstByte.size() + ")",
                Report.seconds(worst) + " " + Report.list(firstByte, "ms", 1000), "-", "-",
                "<= " + Report.seconds(TARGET_FIRST_BYTE_SECONDS), worst <= TARGET_FIRST_BYTE_SECONDS);
    }

    void bigChannel(BenchObjects objects) throws IOException, InterruptedException {
        FileStore store = Files.getFileStore(c.server().home());
        long needed = objects.totalBytes() + (1L << 30);
        if (store.getUsableSpace() < needed) {
            c.report().verdict("4e", "Pipe " + Report.mib(objects.totalBytes()) + " channel",
                    "not run: " + Report.mib(store.getUsableSpace()) + " free, " + Report.mib(needed) + " needed",
                    "-", "-", "completes", false);
            return;
        }
        Report.say("(e) generating %d x %s into the embedded S3", objects.count(),
                Report.mib(objects.totalBytes() / objects.count()));
        long uploadNanos = objects.upload(c.server().s3Endpoint());
        c.report().note("(e) generated and uploaded %s in %.1f s (%s)", Report.mib(objects.totalBytes()),
                uploadNanos / 1e9, Report.mibps(objects.totalBytes() / (uploadNanos / 1e9)));
        try {
            long heapBefore = c.server().heapAfterFullGc();
            long from = System.currentTimeMillis();
            Reading r;
            String outcome;
            boolean ok;
            try {
                r = pipeJob("bench-pipe-4g", objects, Duration.ofMinutes(6));
                ok = r.bytes() == objects.totalBytes();
                outcome = String.format(Locale.ROOT, "%s streamed in %.1f s (%s), first byte %.0f ms",
                        Report.mib(r.bytes()), r.seconds(), Report.mibps(r.bytesPerSecond()),
                        r.firstByteSeconds() * 1000);
            } catch (RuntimeException e) {
                ok = false;
                outcome = "failed: " + e.getMessage();
            }
            long to = System.currentTimeMillis();
            boolean alive = c.server().isAlive();
            ServerJvm.HeapWindow w = c.server().heapBetween(from, to);
            long heapAfter = alive ? c.server().heapAfterFullGc() : -1;
            c.report().verdict("4e", "Pipe " + Report.mib(objects.totalBytes()) + " channel, server -Xmx"
                            + c.server().heapLimit(),
                    outcome + (alive ? "" : "; SERVER DIED"), "-", "-", "completes, every byte delivered",
                    ok && alive);
            long growth = heapAfter - heapBefore;
            c.report().verdict("4e-heap", "server heap around the 4 GiB stream",
                    String.format(Locale.ROOT, "after full GC %s -> %s (growth %s); peak used %s, peak after-GC %s",
                            Report.mib(heapBefore), Report.mib(heapAfter), Report.mib(growth), Report.mib(w.maxUsed()),
                            Report.mib(w.maxAfterGc())),
                    "heap before " + Report.mib(heapBefore), "-",
                    "growth after full GC <= " + Report.mib(HEAP_GROWTH_LIMIT), alive && growth <= HEAP_GROWTH_LIMIT);
        } finally {
            if (c.server().isAlive()) {
                objects.delete(c.s3());
                Report.say("(e) deleted the %s of generated objects", Report.mib(objects.totalBytes()));
            }
        }
    }

    /**
     * The floor of FIFO delivery without Sagebox: this JVM GETs the objects (SDK v2) and writes them, through a 1 MiB
     * buffer like Sagebox's feeder, into a FIFO that the same bench-pipe container reads, started by plain
     * {@code docker run}. Reported beside the target, not judged.
     */
    private Reading plainFifo(BenchObjects objects, int rep) throws IOException, InterruptedException {
        Path optMl = StartupPart.plainLayout(c.work().resolve("fifo-opt-ml-" + rep));
        Path fifo = optMl.resolve("input/data/train_0");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo " + fifo + " failed");
        }
        Process container = new ProcessBuilder("docker", "run", "--rm",
                "--name", "sagebox-bench-" + c.serverId() + "-fifo-" + rep,
                "--label", "sagebox.managed=true", "--label", "sagebox.instance=" + c.serverId(),
                "-v", optMl.toAbsolutePath() + ":/opt/ml", IMAGE, "train")
                .redirectErrorStream(true).redirectOutput(c.work().resolve("fifo-" + rep + ".log").toFile()).start();
        AtomicBoolean opened = new AtomicBoolean();
        // If the container dies before opening the FIFO, open it here so the writer below is not blocked forever.
        Thread watchdog = new Thread(() -> {
            try {
                container.waitFor();
                if (!opened.get()) {
                    new FileInputStream(fifo.toFile()).close();
                }
            } catch (IOException | InterruptedException e) {
                // Nothing to release.
            }
        }, "fifo-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fifo), 1 << 20)) {
            opened.set(true);
            for (String key : objects.keys()) {
                try (InputStream in = c.s3().getObject(r -> r.bucket(BenchObjects.BUCKET).key(key))) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
        if (!container.waitFor(2, TimeUnit.MINUTES) || container.exitValue() != 0) {
            container.destroyForcibly();
            throw new IllegalStateException("the plain FIFO reader container failed; see "
                    + c.work().resolve("fifo-" + rep + ".log"));
        }
        Reading r = Reading.parse(Files.readString(optMl.resolve("model/pipe.txt")));
        FilePart.deleteTree(optMl);
        if (r.bytes() != objects.totalBytes()) {
            throw new IllegalStateException("the plain FIFO reader got " + r.bytes() + " bytes");
        }
        return r;
    }

    private Reading pipeJob(String job, BenchObjects objects, Duration limit) throws IOException,
            InterruptedException {
        return pipeJob(job, objects.s3Uri(), objects.totalBytes(), limit);
    }

    /** Runs a Pipe-mode job of the reader image; {@code expectedBytes} -1 skips the byte-count check. */
    private Reading pipeJob(String job, String s3Uri, long expectedBytes, Duration limit) throws IOException,
            InterruptedException {
        c.sm().createTrainingJob(Jobs.request(job, IMAGE, "Pipe", Optional.of(s3Uri)));
        Jobs.Ended e = Jobs.await(c.sm(), job, Duration.ofMillis(100), limit);
        if (!e.completed()) {
            throw new IllegalStateException("Pipe-mode job " + job + " ended " + e.failure());
        }
        Reading r = Reading.parse(Jobs.modelFile(c.s3(), job, "pipe.txt", c.work().resolve("models")));
        if (expectedBytes >= 0 && r.bytes() != expectedBytes) {
            throw new IllegalStateException("the reader of " + job + " got " + r.bytes() + " bytes, expected "
                    + expectedBytes);
        }
        return r;
    }
}
