package dev.sagebox.scheduler;

import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.runner.StopSignal;
import dev.sagebox.runner.TrainingObserver;
import dev.sagebox.runner.TrainingOutcome;
import dev.sagebox.runner.TrainingInterruptedException;
import dev.sagebox.runner.TrainingRunner;
import dev.sagebox.runner.TrainingSpec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** A runner whose jobs end when the test says so (or when stopped); counts how many run at once. */
final class FakeTrainingRunner implements TrainingRunner {
    final Map<String, CompletableFuture<TrainingOutcome>> endings = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    final AtomicInteger runningNow = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<String, Boolean> resumed = new ConcurrentHashMap<>();
    /** Outcomes a job's runs end with at once, one per run, before it waits on {@link #ending}. */
    final Map<String, java.util.Queue<TrainingOutcome>> scripted = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Jobs whose scripted outcomes come before any secondary status, as when the workspace cannot be laid out. */
    final Set<String> failBeforeStatuses = ConcurrentHashMap.newKeySet();

    CompletableFuture<TrainingOutcome> ending(String job) {
        return endings.computeIfAbsent(job, j -> new CompletableFuture<>());
    }

    CompletableFuture<Void> started(String job) {
        return started.computeIfAbsent(job, j -> new CompletableFuture<>());
    }

    @Override
    public TrainingOutcome run(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        return go(spec, observer, stop);
    }

    @Override
    public TrainingOutcome resume(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        resumed.put(spec.jobName(), true);
        return go(spec, observer, stop);
    }

    private TrainingOutcome go(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        int now = runningNow.addAndGet(spec.instanceCount());
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            if (failBeforeStatuses.contains(spec.jobName())) {
                runs.computeIfAbsent(spec.jobName(), j -> new AtomicInteger()).incrementAndGet();
                TrainingOutcome early = scripted.getOrDefault(spec.jobName(), new java.util.ArrayDeque<>()).poll();
                if (early != null) {
                    return early;
                }
            }
            observer.entered(SecondaryStatus.DOWNLOADING, "Downloading input data");
            observer.entered(SecondaryStatus.TRAINING, "Training image download completed. Training in progress.");
            runs.computeIfAbsent(spec.jobName(), j -> new AtomicInteger()).incrementAndGet();
            TrainingOutcome next = scripted.getOrDefault(spec.jobName(), new java.util.ArrayDeque<>()).poll();
            if (next != null) {
                return next;
            }
            started(spec.jobName()).complete(null);
            CompletableFuture<TrainingOutcome> end = ending(spec.jobName());
            stop.whenRequested().thenAccept(cause -> end.complete(TrainingOutcome.stopped(cause)));
            TrainingOutcome outcome = end.get();
            observer.entered(SecondaryStatus.UPLOADING, "Uploading generated training model");
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException(spec.jobName());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            runningNow.addAndGet(-spec.instanceCount());
        }
    }
}
