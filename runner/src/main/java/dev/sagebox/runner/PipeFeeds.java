package dev.sagebox.runner;

import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Every Pipe-mode channel of every host of one job, fed concurrently and independently. */
public final class PipeFeeds implements AutoCloseable {
    /** One Pipe-mode input of one host: its objects streamed into the FIFOs {@code <fifoDir>/<channel>_<epoch>}. */
    public record PipeInput(ChannelDefinition channel, List<ChannelObject> objects, Path fifoDir, Path scratch) {
        public PipeInput {
            objects = List.copyOf(objects);
        }
    }

    /** The first reason a feed could not go on; the job fails with it. */
    static final class Failure {
        private final CompletableFuture<String> reason = new CompletableFuture<>();

        void report(String text) {
            reason.complete(text);
        }

        CompletableFuture<String> future() {
            return reason;
        }
    }

    private final List<PipeChannelFeeder> feeders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Failure failure = new Failure();

    private PipeFeeds() {
    }

    /** No Pipe channels (or none to feed again). */
    public static PipeFeeds none() {
        return new PipeFeeds();
    }

    /** Resolves each Pipe channel per host and creates its first FIFO; nothing is streamed before {@link #start}. */
    static PipeFeeds prepare(TrainingSpec spec, JobWorkspace workspace, ObjectStore store, ChannelResolver resolver,
            ChannelTraffic traffic) {
        PipeFeeds feeds = new PipeFeeds();
        List<String> hosts = workspace.hosts();
        for (ChannelDefinition channel : spec.channels()) {
            if (channel.inputMode() != ChannelInputMode.PIPE) {
                continue;
            }
            ChannelDataSource source = ChannelDataSource.of(channel.s3DataType().wireName(), channel.s3Uri(),
                    channel.distribution().wireName());
            List<List<ChannelObject>> perHost = resolver.resolveAll(source, hosts.size());
            for (int i = 0; i < hosts.size(); i++) {
                String host = hosts.get(i);
                PipeChannelFeeder feeder = new PipeChannelFeeder(store, perHost.get(i), channel,
                        workspace.dataDir(host), workspace.scratch().resolve(host + "-" + channel.name()), feeds.failure,
                        traffic);
                feeder.createFirstFifo();
                feeds.feeders.add(feeder);
            }
        }
        return feeds;
    }

    /** Feeds for inputs resolved already (processing jobs); each first FIFO is created now. */
    public static PipeFeeds of(List<PipeInput> inputs, ObjectStore store) {
        PipeFeeds feeds = new PipeFeeds();
        for (PipeInput input : inputs) {
            PipeChannelFeeder feeder = new PipeChannelFeeder(store, input.objects(), input.channel(), input.fifoDir(),
                    input.scratch(), feeds.failure, ChannelTraffic.NONE);
            feeder.createFirstFifo();
            feeds.feeders.add(feeder);
        }
        return feeds;
    }

    public void start(String jobName) {
        for (PipeChannelFeeder feeder : feeders) {
            Thread t = new Thread(feeder, "pipe-" + jobName);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    public CompletableFuture<String> failure() {
        return failure.future();
    }

    /** Stops every feeder; one that just opened its next FIFO is released again until it ends (bounded). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            while (t.isAlive() && System.nanoTime() < deadline) {
                feeders.get(i).stop();
                try {
                    t.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
