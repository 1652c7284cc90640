package dev.sagebox.runner;

import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * File mode: fetches each host's objects of each File-mode channel into {@code /opt/ml/input/data/<channel>/},
 * keeping key paths relative to the prefix. Objects stream to disk; nothing is held in memory.
 */
final class FileChannelStager {
    private static final int PARALLEL = 4;

    private final ObjectStore store;
    private final ChannelResolver resolver;
    private final ChannelTraffic traffic;

    FileChannelStager(ObjectStore store, ChannelResolver resolver, ChannelTraffic traffic) {
        this.store = store;
        this.resolver = resolver;
        this.traffic = traffic;
    }

    /** Whether any channel of the job is delivered as files (only then is there a Downloading phase). */
    static boolean hasFileChannels(TrainingSpec spec) {
        return spec.channels().stream().anyMatch(c -> c.inputMode() != ChannelInputMode.PIPE);
    }

    void stage(TrainingSpec spec, JobWorkspace workspace) {
        List<String> hosts = workspace.hosts();
        for (ChannelDefinition channel : spec.channels()) {
            if (channel.inputMode() == ChannelInputMode.PIPE) {
                continue;
            }
            ChannelDataSource source = ChannelDataSource.of(channel.s3DataType().wireName(), channel.s3Uri(),
                    channel.distribution().wireName());
            List<List<ChannelObject>> perHost = resolver.resolveAll(source, hosts.size());
            List<Runnable> downloads = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                Path dir = workspace.channelDir(hosts.get(i), channel.name());
                dir.toFile().mkdirs();
                for (ChannelObject object : perHost.get(i)) {
                    downloads.add(() -> {
                        store.download(object.location(), dir.resolve(object.relativePath()));
                        traffic.moved(channel.inputMode(), object.size());
                    });
                }
            }
            runAll(downloads);
        }
    }

    /** A few downloads at once keep the disk and the S3 connection busy; the first failure fails the staging. */
    static void runAll(List<Runnable> downloads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, downloads.size())));
        try {
            List<Future<?>> running = downloads.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException("staging");
        } finally {
            pool.shutdownNow();
        }
    }
}
