package dev.sagebox.scheduler.processing;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.ContainerSlots;
import dev.sagebox.core.JobStatus;
import dev.sagebox.runner.StopSignal;
import dev.sagebox.runner.TrainingInterruptedException;
import dev.sagebox.runner.processing.ProcessingOutcome;
import dev.sagebox.runner.processing.ProcessingRunner;
import java.time.Clock;
import java.util.Locale;
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
 * Runs processing jobs within the container capacity shared with training and transform, first come first served;
 * enforces MaxRuntimeInSeconds and records each job's end.
 */
public final class ProcessingScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingScheduler.class);

    private final ProcessingJobRepository jobs;
    private final ProcessingRunner runner;
    private final ContainerSlots slots;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, StopSignal> running = new ConcurrentHashMap<>();

    public ProcessingScheduler(ProcessingJobRepository jobs, ProcessingRunner runner, ContainerSlots slots,
            Clock clock) {
        this.jobs = jobs;
        this.runner = runner;
        this.slots = slots;
        this.clock = clock;
        this.workers = Executors.newCachedThreadPool(DaemonThreads.numbered("processing"));
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("processing-timers"));
    }

    /** Starts a freshly created job as soon as capacity allows. */
    public void submit(ProcessingJob job) {
        start(job, false);
    }

    /** Resumes every job that had not ended when the server last stopped. */
    public int recover() {
        int n = 0;
        for (ProcessingJob job : jobs.unfinished()) {
            start(job, true);
            n++;
        }
        return n;
    }

    /** Asks a running job to stop; false when it is not running here. */
    public boolean requestStop(String name) {
        StopSignal signal = running.get(key(name));
        if (signal == null) {
            return false;
        }
        signal.request(StopSignal.Cause.USER_REQUEST);
        return true;
    }

    private void start(ProcessingJob job, boolean resume) {
        StopSignal stop = new StopSignal();
        if (job.state().status() == JobStatus.STOPPING) {
            stop.request(StopSignal.Cause.USER_REQUEST);
        }
        running.put(key(job.name()), stop);
        workers.execute(() -> {
            try {
                runToEnd(job, resume, stop);
            } catch (TrainingInterruptedException e) {
                LOG.info("processing job {} left running for the next start: {}", job.name(), e.getMessage());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    LOG.info("processing of {} interrupted by shutdown: {}", job.name(), e.toString());
                    return;
                }
                LOG.error("processing job {} failed inside Sagebox", job.name(), e);
                finish(job.name(), ProcessingOutcome.failed("InternalServerError: " + e.getMessage()), stop);
            } finally {
                running.remove(key(job.name()));
            }
        });
    }

    private void runToEnd(ProcessingJob job, boolean resume, StopSignal stop) {
        int taken = slots.fit(job.spec().instanceCount());
        try {
            if (!slots.acquire(taken, () -> { }, () -> stop.cause().isPresent())) {
                finish(job.name(), ProcessingOutcome.stopped(stop.cause().orElseThrow()), stop);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException(job.name());
        }
        ScheduledFuture<?> limit = null;
        try {
            // The run time counts from the job's start, also across a restart.
            long elapsed = job.state().startTime().map(t -> clock.millis() - t.toEpochMilli()).orElse(0L);
            limit = timers.schedule(() -> timeUp(job.name(), stop),
                    Math.max(0, job.spec().maxRuntime().toMillis() - elapsed), TimeUnit.MILLISECONDS);
            jobs.update(job.name(), j -> j.state().status().isTerminal() ? j : j.with(j.state().started(
                    clock.instant())));
            ProcessingOutcome outcome = resume ? runner.resume(job.spec(), stop) : runner.run(job.spec(), stop);
            finish(job.name(), outcome, stop);
        } finally {
            if (limit != null) {
                limit.cancel(false);
            }
            slots.release(taken);
        }
    }

    private void timeUp(String name, StopSignal stop) {
        if (stop.cause().isPresent()) {
            return;
        }
        stop.request(StopSignal.Cause.MAX_RUNTIME_EXCEEDED);
        jobs.update(name, j -> j.state().status() == JobStatus.IN_PROGRESS
                ? j.with(j.state().moved(JobStatus.STOPPING, Optional.empty(), clock.instant())) : j);
    }

    private void finish(String name, ProcessingOutcome outcome, StopSignal stop) {
        jobs.update(name, j -> {
            if (j.state().status().isTerminal()) {
                return j;
            }
            var now = clock.instant();
            Optional<StopSignal.Cause> stopped = outcome.stopCause().or(stop::cause);
            ProcessingJob withMessage = j.withExitMessage(outcome.exitMessage());
            return switch (outcome.result()) {
                case FAILED -> withMessage.with(j.state().moved(JobStatus.FAILED, outcome.failureReason(), now));
                case COMPLETED, STOPPED -> stopped.isEmpty()
                        ? withMessage.with(j.state().moved(JobStatus.COMPLETED, Optional.empty(), now))
                        : withMessage.with(j.state().moved(JobStatus.STOPPED,
                                stopped.get() == StopSignal.Cause.MAX_RUNTIME_EXCEEDED
                                        ? Optional.of("MaxRuntimeExceeded: the job ran for longer than its"
                                                + " StoppingCondition.MaxRuntimeInSeconds ("
                                                + j.spec().maxRuntime().toSeconds() + " s) and was stopped")
                                        : Optional.empty(), now));
            };
        });
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
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
