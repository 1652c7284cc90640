package dev.sagebox.hosting.transform;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.ContainerSlots;
import dev.sagebox.core.JobStatus;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transform jobs within the container capacity shared with training and processing (one slot per instance),
 * first come first served, and records each job's end.
 */
public final class TransformScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransformScheduler.class);

    private final TransformJobRepository jobs;
    private final BatchTransformer transformer;
    private final ContainerSlots slots;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    public TransformScheduler(TransformJobRepository jobs, BatchTransformer transformer, ContainerSlots slots,
            Clock clock) {
        this.jobs = jobs;
        this.transformer = transformer;
        this.slots = slots;
        this.clock = clock;
        this.workers = Executors.newCachedThreadPool(DaemonThreads.numbered("transform-job"));
    }

    public void submit(TransformJob job) {
        start(job, false);
    }

    /** Resumes every job that had not ended when the server last stopped. */
    public int recover() {
        int n = 0;
        for (TransformJob job : jobs.unfinished()) {
            start(job, true);
            n++;
        }
        return n;
    }

    /** Asks a running job to stop; false when it is not running here. */
    public boolean requestStop(String name) {
        CompletableFuture<Void> stop = running.get(key(name));
        if (stop == null) {
            return false;
        }
        stop.complete(null);
        return true;
    }

    private void start(TransformJob job, boolean resume) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        if (job.state().status() == JobStatus.STOPPING) {
            stop.complete(null);
        }
        running.put(key(job.name()), stop);
        workers.execute(() -> {
            try {
                runToEnd(job, resume, stop);
            } catch (InterruptedException e) {
                LOG.info("transform job {} left running for the next start", job.name());
            } catch (RuntimeException e) {
                LOG.error("transform job {} failed inside Sagebox", job.name(), e);
                finish(job.name(), TransformOutcome.failed("InternalServerError: " + e.getMessage()));
            } finally {
                running.remove(key(job.name()));
            }
        });
    }

    private void runToEnd(TransformJob job, boolean resume, CompletableFuture<Void> stop)
            throws InterruptedException {
        int taken = slots.fit(job.spec().instanceCount());
        if (!slots.acquire(taken, () -> { }, stop::isDone)) {
            finish(job.name(), TransformOutcome.stopped());
            return;
        }
        try {
            jobs.update(job.name(), j -> j.state().status().isTerminal() ? j
                    : j.with(j.state().started(clock.instant())));
            TransformOutcome outcome = resume ? transformer.resume(job.spec(), stop::isDone)
                    : transformer.run(job.spec(), stop::isDone);
            finish(job.name(), outcome);
        } finally {
            slots.release(taken);
        }
    }

    private void finish(String name, TransformOutcome outcome) {
        jobs.update(name, j -> {
            if (j.state().status().isTerminal()) {
                return j;
            }
            var now = clock.instant();
            return switch (outcome.result()) {
                case FAILED -> j.with(j.state().moved(JobStatus.FAILED, outcome.failureReason(), now));
                case STOPPED -> j.with(j.state().moved(JobStatus.STOPPED, Optional.empty(), now));
                // A stop that came after the last object was done: the job did all its work.
                case COMPLETED -> j.with(j.state().moved(j.state().status() == JobStatus.STOPPING
                        ? JobStatus.STOPPED : JobStatus.COMPLETED, Optional.empty(), now));
            };
        });
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Stops the threads; instances keep running so the next start can resume their jobs. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transformer.detach();
    }
}
