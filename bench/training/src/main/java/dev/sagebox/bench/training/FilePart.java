package dev.sagebox.bench.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;

/**
 * Issue 3 (b): File-mode staging of a 1 GiB channel against plain S3 GETs of the same objects from the same server
 * (to disk, the fair baseline since staging writes files, and to a null sink), interleaved per repetition; and the
 * server's heap around the staging.
 *
 * <p>Staging time runs from the job's Downloading transition (the server's clock, ms) to the moment this process
 * sees every object's final file in the job's {@code /opt/ml/input/data/train} (polled every 2 ms; downloads land
 * under a temporary name and are renamed when complete). The Downloading transition's own length also covers the
 * container's network and start, so it is reported beside it but not judged.
 */
final class FilePart {
    static final double TARGET_RATIO = 0.8;
    static final long HEAP_GROWTH_LIMIT = 16L << 20;

    private final Context c;
    private final BenchObjects objects;

    FilePart(Context c, BenchObjects objects) {
        this.c = c;
        this.objects = objects;
    }

    void run() throws IOException, InterruptedException {
        Report.say("(b) File mode: %d x %s = %s, %d repetitions", objects.count(),
                Report.mib(objects.totalBytes() / objects.count()), Report.mib(objects.totalBytes()),
                c.settings().fileReps());
        // Warm the server's page cache and both JITs once, unmeasured.
        objects.getToNull(c.s3());
        warmUpJob();
        long heapBefore = c.server().heapAfterFullGc();
        List<Double> disk = new ArrayList<>();
        List<Double> nul = new ArrayList<>();
        List<Double> minio = new ArrayList<>();
        List<Double> staged = new ArrayList<>();
        List<Double> downloadingPhase = new ArrayList<>();
        List<Double> jobSeconds = new ArrayList<>();
        long peakUsed = 0;
        long peakAfterGc = 0;
        for (int i = 1; i <= c.settings().fileReps(); i++) {
            Path getDir = c.work().resolve("get-to-disk-" + i);
            disk.add(objects.totalBytes() / (objects.getToDisk(c.s3(), getDir) / 1e9));
            deleteTree(getDir);
            nul.add(objects.totalBytes() / (objects.getToNull(c.s3()) / 1e9));
            Path minioDir = c.work().resolve("minio-to-disk-" + i);
            minio.add(objects.totalBytes() / (objects.minioDownload(c.server().s3Endpoint(), minioDir) / 1e9));
            deleteTree(minioDir);
            String job = "bench-file-" + i;
            long createdWall = System.currentTimeMillis();
            long start = System.nanoTime();
            CompletableFuture<Long> allStaged = watchStaging(c.server().channelDir(job, "train"));
            c.sm().createTrainingJob(Jobs.request(job, StartupPart.IMAGE, "File", Optional.of(objects.s3Uri())));
            Jobs.Ended e = Jobs.await(c.sm(), job, Duration.ofMillis(100), Duration.ofMinutes(5));
            long endWall = System.currentTimeMillis();
            if (!e.completed()) {
                allStaged.cancel(true);
                throw new IllegalStateException("File-mode job " + job + " ended " + e.failure());
            }
            long downloadingStart = e.transitions().get(SecondaryStatus.DOWNLOADING).toEpochMilli();
            long stagedAt = allStaged.join();
            staged.add(objects.totalBytes() / ((stagedAt - downloadingStart) / 1e3));
            e.millisBetween(SecondaryStatus.DOWNLOADING, SecondaryStatus.TRAINING)
                    .ifPresent(ms -> downloadingPhase.add(ms / 1e3));
            jobSeconds.add((e.observedNanos() - start) / 1e9);
            ServerJvm.HeapWindow w = c.server().heapBetween(createdWall, endWall);
            peakUsed = Math.max(peakUsed, w.maxUsed());
            peakAfterGc = Math.max(peakAfterGc, w.maxAfterGc());
            Report.say("(b) rep %d: GET-to-disk %s, GET-to-null %s, Sagebox's download code outside the server %s,"
                    + " staging %s", i, Report.mibps(disk.get(i - 1)), Report.mibps(nul.get(i - 1)),
                    Report.mibps(minio.get(i - 1)), Report.mibps(staged.get(i - 1)));
        }
        long heapAfter = c.server().heapAfterFullGc();
        double diskMedian = Report.median(disk);
        double nullMedian = Report.median(nul);
        double stagedMedian = Report.median(staged);
        Report.Ratios ratios = Report.Ratios.of(staged, disk);
        c.report().note("(b) GET-to-disk (SDK v2 ResponseTransformer.toFile, sequential): %s",
                Report.list(disk, "MiB/s", 1.0 / (1 << 20)));
        c.report().note("(b) GET-to-null (SDK v2, 1 MiB reads, sequential): %s",
                Report.list(nul, "MiB/s", 1.0 / (1 << 20)));
        c.report().note("(b) Sagebox's own MinioObjectStore.download run from the bench JVM (same code, own JVM): %s",
                Report.list(minio, "MiB/s", 1.0 / (1 << 20)));
        c.report().note("(b) Sagebox staging (Downloading start -> last file in place): %s",
                Report.list(staged, "MiB/s", 1.0 / (1 << 20)));
        c.report().note("(b) Downloading phase incl. container start: %s; whole job: %s",
                Report.list(downloadingPhase, "ms", 1000), Report.list(jobSeconds, "ms", 1000));
        c.report().note("(b) vs GET-to-null: %s / %s = %s", Report.mibps(stagedMedian), Report.mibps(nullMedian),
                Report.ratio(stagedMedian / nullMedian));
        c.report().verdict("3b", "File-mode staging of " + Report.mib(objects.totalBytes()) + " ("
                        + objects.count() + " objects), median of " + staged.size(),
                Report.mibps(stagedMedian), "GET-to-disk " + Report.mibps(diskMedian), ratios.describe(),
                "median paired ratio >= " + TARGET_RATIO + " of GET-to-disk", ratios.pairedMedian() >= TARGET_RATIO);
        long growth = heapAfter - heapBefore;
        c.report().verdict("3b-heap", "server heap around File-mode staging (-Xmx" + c.server().heapLimit() + ")",
                String.format(Locale.ROOT, "after full GC %s -> %s (growth %s); peak used %s, peak after-GC %s",
                        Report.mib(heapBefore), Report.mib(heapAfter), Report.mib(growth), Report.mib(peakUsed),
                        Report.mib(peakAfterGc)),
                "heap before staging " + Report.mib(heapBefore), "-",
                "growth after full GC <= " + Report.mib(HEAP_GROWTH_LIMIT), growth <= HEAP_GROWTH_LIMIT);
    }

    /** One unmeasured File-mode job over a few of the objects, so the server's download path is compiled. */
    private void warmUpJob() throws InterruptedException {
        c.sm().createTrainingJob(Jobs.request("bench-file-warm", StartupPart.IMAGE, "File",
                Optional.of(objects.warmUpUri())));
        Jobs.Ended e = Jobs.await(c.sm(), "bench-file-warm", Duration.ofMillis(100), Duration.ofMinutes(5));
        if (!e.completed()) {
            throw new IllegalStateException("the File-mode warm-up job ended " + e.failure());
        }
    }

    /** Completes with the wall-clock millis at which every object's final file exists in {@code dir}. */
    private CompletableFuture<Long> watchStaging(Path dir) {
        Set<String> expected = new HashSet<>(objects.names());
        CompletableFuture<Long> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!done.isDone() && System.nanoTime() < deadline) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        long n = files.filter(p -> expected.contains(p.getFileName().toString())).count();
                        if (n == expected.size()) {
                            done.complete(System.currentTimeMillis());
                            return;
                        }
                    } catch (NoSuchFileException gone) {
                        // Not created yet, or already cleaned up.
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                        return;
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            done.completeExceptionally(new IllegalStateException("never saw all " + expected.size()
                    + " staged files in " + dir));
        }, "staging-watch");
        t.setDaemon(true);
        t.start();
        return done;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
