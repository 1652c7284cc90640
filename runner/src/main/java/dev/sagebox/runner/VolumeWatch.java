package dev.sagebox.runner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each host's ML storage volume to the job's {@code VolumeSizeInGB}. A host's volume is its {@code /opt/ml}
 * (staged channels, model, output, checkpoints) plus a checkpoint directory mounted elsewhere. The bind mounts under
 * {@code SAGEBOX_HOME} have no size of their own on this kind of host (overlay2 on ext4: no per-directory quota), so
 * Sagebox measures them: once after the channels are staged, then every {@value #INTERVAL_MILLIS} ms while the job
 * runs; the first time a host holds more, {@link #exceeded()} completes with the FailureReason and the job is stopped.
 * A job can therefore write past its volume by what it writes within one interval, never further.
 */
final class VolumeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeWatch.class);
    static final long INTERVAL_MILLIS = 500;

    private final TrainingSpec spec;
    private final JobWorkspace workspace;
    private final CompletableFuture<String> exceeded = new CompletableFuture<>();
    private volatile ScheduledFuture<?> task;

    VolumeWatch(TrainingSpec spec, JobWorkspace workspace) {
        this.spec = spec;
        this.workspace = workspace;
    }

    /** Starts measuring every interval on {@code timer}. */
    VolumeWatch start(ScheduledExecutorService timer) {
        task = timer.scheduleWithFixedDelay(this::measure, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Completes with the FailureReason when a host goes over its volume; never completes otherwise. */
    CompletableFuture<String> exceeded() {
        return exceeded;
    }

    /** The FailureReason if a host holds more than the volume now (used after staging, before anything starts). */
    Optional<String> check() {
        long limit = limitBytes();
        for (String host : workspace.hosts()) {
            long used = bytes(workspace.optMl(host)) + bytes(workspace.checkpointMount(host));
            if (used > limit) {
                return Optional.of(reason(host, used));
            }
        }
        return Optional.empty();
    }

    private void measure() {
        try {
            check().ifPresent(reason -> {
                LOG.info("training job {}: {}", spec.jobName(), reason);
                exceeded.complete(reason);
                close();
            });
        } catch (RuntimeException e) {
            LOG.warn("training job {}: measuring its volume failed: {}", spec.jobName(), e.toString());
        }
    }

    long limitBytes() {
        return (long) spec.volumeSizeInGB() << 30;
    }

    private String reason(String host, long used) {
        return "ClientError: The training job's storage on " + host + " (/opt/ml: input data, model, output and"
                + " checkpoints) exceeded its VolumeSizeInGB of " + spec.volumeSizeInGB() + " GB: it held " + used
                + " bytes, more than " + limitBytes() + ". The job was stopped. Raise ResourceConfig.VolumeSizeInGB"
                + " or write less.";
    }

    /** Bytes of the regular files below {@code root}, each inode once; files vanishing meanwhile are skipped. */
    static long bytes(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("measuring {} stopped early: {}", root, e.toString());
        }
        return total[0];
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
