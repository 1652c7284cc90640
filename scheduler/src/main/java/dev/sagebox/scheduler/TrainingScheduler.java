package dev.sagebox.scheduler;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.ContainerSlots;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.MetricSample;
import dev.sagebox.runner.StopSignal;
import dev.sagebox.runner.TrainingObserver;
import dev.sagebox.runner.TrainingOutcome;
import dev.sagebox.runner.TrainingInterruptedException;
import dev.sagebox.runner.TrainingRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training jobs within a limit of concurrent training containers, first come first served; jobs beyond it wait
 * in InProgress with secondary status Pending. Enforces MaxRuntimeInSeconds and records every transition.
 */
public final class TrainingScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingScheduler.class);

    /** How the runner words a failure of Sagebox itself rather than of the algorithm or the request. */
    static final String INTERNAL_FAILURE = "InternalServerError:";
    /** The start of the Starting transition's message that begins each retry (AWS moves a retried job to Starting). */
    static final String RETRY_MESSAGE = "Retrying the training job (retry ";
    /** How often a running job's FinalMetricDataList is written, at most. */
    static final Duration METRIC_FLUSH = Duration.ofSeconds(1);

    private final TrainingJobRepository jobs;
    private final TrainingMetricRepository metrics;
    private final TrainingRunner runner;
    private final Clock clock;
    private final ContainerSlots containers;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, StopSignal> running = new ConcurrentHashMap<>();

    /** @param capacity how many training containers may run at once */
    public TrainingScheduler(TrainingJobRepository jobs, TrainingRunner runner, int capacity, Clock clock) {
        this(jobs, TrainingMetricRepository.NONE, runner, capacity, clock);
    }

    /**
     * @param metrics where every metric sample of the jobs' MetricDefinitions is kept
     * @param capacity how many training containers may run at once
     */
    public TrainingScheduler(TrainingJobRepository jobs, TrainingMetricRepository metrics, TrainingRunner runner,
            int capacity, Clock clock) {
        this(jobs, metrics, runner, new ContainerSlots(capacity), clock);
    }

    /** @param containers the container capacity, shared with processing and transform jobs */
    public TrainingScheduler(TrainingJobRepository jobs, TrainingMetricRepository metrics, TrainingRunner runner,
            ContainerSlots containers, Clock clock) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.runner = runner;
        this.clock = clock;
        this.containers = containers;
        this.workers = Executors.newCachedThreadPool(DaemonThreads.numbered("training"));
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("training-timers"));
    }

    /** Starts a freshly created job as soon as capacity allows. */
    public void submit(TrainingJob job) {
        start(job, false);
    }

    /** Resumes every job that had not ended when the server last stopped. */
    public int recover() {
        int n = 0;
        for (TrainingJob job : jobs.unfinished()) {
            start(job, true);
            n++;
        }
        return n;
    }

    /** Asks a running job to stop; false when it is not running here. */
    public boolean requestStop(String name, StopSignal.Cause cause) {
        StopSignal signal = running.get(key(name));
        if (signal == null) {
            return false;
        }
        signal.request(cause);
        return true;
    }

    private void start(TrainingJob job, boolean resume) {
        StopSignal stop = new StopSignal();
        if (job.status() == TrainingJobStatus.STOPPING) {
            stop.request(StopSignal.Cause.USER_REQUEST);
        }
        running.put(key(job.name()), stop);
        workers.execute(() -> {
            try {
                runToEnd(job, resume, stop);
            } catch (TrainingInterruptedException e) {
                LOG.info("{}", e.getMessage());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    LOG.info("training of {} interrupted by shutdown: {}", job.name(), e.toString());
                    return;
                }
                LOG.error("training job {} failed inside Sagebox", job.name(), e);
                finish(job.name(), TrainingOutcome.failed("InternalServerError: " + e.getMessage()), stop);
            } finally {
                running.remove(key(job.name()));
            }
        });
    }

    private void runToEnd(TrainingJob job, boolean resume, StopSignal stop) {
        int slots = containers.fit(job.spec().instanceCount());
        if (!acquire(job, slots, stop)) {
            finish(job.name(), TrainingOutcome.stopped(stop.cause().orElseThrow()), stop);
            return;
        }
        ScheduledFuture<?> limit = null;
        ScheduledFuture<?> metricFlush = null;
        MetricRecorder recorder = new MetricRecorder(job.name(), jobs, metrics, job.finalMetricDataList());
        try {
            limit = timers.schedule(() -> timeUp(job.name(), stop), job.spec().maxRuntime().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!job.spec().algorithm().metricDefinitions().isEmpty()) {
                metricFlush = timers.scheduleWithFixedDelay(() -> flushQuietly(recorder), METRIC_FLUSH.toMillis(),
                        METRIC_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
            }
            TrainingObserver observer = new TrainingObserver() {
                @Override
                public void entered(SecondaryStatus status, String message) {
                    record(job.name(), status, message);
                }

                @Override
                public void metric(MetricSample sample) {
                    recorder.accept(sample);
                }
            };
            TrainingOutcome outcome = resume
                    ? runner.resume(job.spec(), observer, stop)
                    : runner.run(job.spec(), observer, stop);
            long retries = retriesUsed(job.name());
            while (retryable(job, outcome, stop, retries)) {
                retries++;
                String message = RETRY_MESSAGE + retries + " of " + job.spec().options().maximumRetryAttempts().orElse(0)
                        + ") after an internal error: " + outcome.failureReason().orElse("");
                jobs.update(job.name(), j -> j.status().isTerminal() ? j : j.retrying(message, clock.instant()));
                outcome = runner.run(job.spec(), observer, stop);
            }
            cancel(metricFlush);
            metricFlush = null;
            // Before the terminal status: a client that sees Completed sees the final values too.
            flushQuietly(recorder);
            finish(job.name(), outcome, stop);
        } finally {
            cancel(limit);
            cancel(metricFlush);
            containers.release(slots);
        }
    }

    /**
     * RetryStrategy: only a failure inside Sagebox or its infrastructure (an InternalServerError, such as the
     * container engine failing) is retried, never the algorithm's own failure nor a stopped job. The count of
     * retries starts from the job's transitions, so a restarted server does not grant a job fresh retries.
     */
    private static boolean retryable(TrainingJob job, TrainingOutcome outcome, StopSignal stop, long retriesUsed) {
        if (outcome.result() != TrainingOutcome.Result.FAILED || stop.cause().isPresent()
                || !outcome.failureReason().orElse("").startsWith(INTERNAL_FAILURE)) {
            return false;
        }
        return retriesUsed < job.spec().options().maximumRetryAttempts().orElse(0);
    }

    private long retriesUsed(String name) {
        return jobs.find(name).map(j -> j.transitions().stream()
                .filter(t -> t.statusMessage().startsWith(RETRY_MESSAGE)).count()).orElse(0L);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static void flushQuietly(MetricRecorder recorder) {
        try {
            recorder.flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record metrics: {}", e.toString());
        }
    }

    /** Waits for capacity, showing Pending while it waits; false when the job was stopped meanwhile. */
    private boolean acquire(TrainingJob job, int slots, StopSignal stop) {
        try {
            return containers.acquire(slots, () -> record(job.name(), SecondaryStatus.PENDING,
                    "Waiting for capacity: " + containers.capacity() + " training containers may run at once"
                            + " (SAGEBOX_TRAINING_CAPACITY)"), () -> stop.cause().isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException(job.name());
        }
    }

    private void timeUp(String name, StopSignal stop) {
        if (stop.cause().isPresent()) {
            return;
        }
        stop.request(StopSignal.Cause.MAX_RUNTIME_EXCEEDED);
        jobs.update(name, j -> j.status() == TrainingJobStatus.IN_PROGRESS
                ? j.moved(TrainingJobStatus.STOPPING, SecondaryStatus.STOPPING,
                        "Stopping the job: MaxRuntimeInSeconds reached", Optional.empty(), clock.instant())
                : j);
    }

    private void record(String name, SecondaryStatus status, String message) {
        jobs.update(name, j -> j.status().isTerminal() ? j : j.entered(status, message, clock.instant()));
    }

    private void finish(String name, TrainingOutcome outcome, StopSignal stop) {
        jobs.update(name, j -> {
            if (j.status().isTerminal()) {
                return j;
            }
            var now = clock.instant();
            Optional<StopSignal.Cause> stopped = outcome.stopCause().or(stop::cause);
            return switch (outcome.result()) {
                case FAILED -> j.moved(TrainingJobStatus.FAILED, SecondaryStatus.FAILED, "Training job failed",
                        outcome.failureReason(), now);
                case COMPLETED, STOPPED -> {
                    if (stopped.isEmpty()) {
                        yield j.moved(TrainingJobStatus.COMPLETED, SecondaryStatus.COMPLETED,
                                "Training job completed", Optional.empty(), now);
                    }
                    yield stopped.get() == StopSignal.Cause.MAX_RUNTIME_EXCEEDED
                            ? j.moved(TrainingJobStatus.STOPPED, SecondaryStatus.MAX_RUNTIME_EXCEEDED,
                                    "Training job stopped: MaxRuntimeInSeconds exceeded", Optional.empty(), now)
                            : j.moved(TrainingJobStatus.STOPPED, SecondaryStatus.STOPPED, "Training job stopped",
                                    Optional.empty(), now);
                }
            };
        });
    }

    private static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** Stops the threads; containers keep running so the next start can resume their jobs. */
    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
