package dev.sagebox.runner;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.NoSuchContainerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Waits for a job's containers: the job ends when every host has exited; a host that fails ends it for all (the
 * others are stopped); a stop request sends SIGTERM to all and SIGKILL after the grace period.
 */
public final class ClusterWait {
    /**
     * How the hosts ended: the first failing host (if any), the stop cause (if one was requested), and a failure of
     * the platform around them (a Pipe channel that could not be streamed).
     */
    public record Ending(Optional<HostExit> firstFailure, Optional<StopSignal.Cause> stopCause, Optional<String> platformFailure) {
    }

    /** A host's exit code. */
    public record HostExit(HostContainer host, int exitCode) {
    }

    private static final Duration WAIT_SLICE = Duration.ofSeconds(30);

    private final ContainerEngine engine;
    private final Duration stopGrace;

    public ClusterWait(ContainerEngine engine, Duration stopGrace) {
        this.engine = engine;
        this.stopGrace = stopGrace;
    }

    public Ending await(List<HostContainer> hosts, StopSignal stop, CompletableFuture<String> platformFailure,
            String jobName) {
        ExecutorService waiters = Executors.newFixedThreadPool(hosts.size(), r -> {
            Thread t = new Thread(r, "wait-" + jobName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<HostExit>> exits = new ArrayList<>();
            CompletableFuture<HostExit> firstFailure = new CompletableFuture<>();
            for (HostContainer host : hosts) {
                // The failure is recorded before the exit completes, so whoever sees all exits also sees it.
                exits.add(CompletableFuture.supplyAsync(() -> {
                    HostExit exit = exitOf(host);
                    if (exit.exitCode() != 0) {
                        firstFailure.complete(exit);
                    }
                    return exit;
                }, waiters));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
            CompletableFuture.anyOf(all, firstFailure, stop.whenRequested(), platformFailure).get();
            // What ended the wait is decided now: exits caused by the SIGTERM below are not the algorithm failing.
            Optional<HostExit> failure = firstFailure.isDone() ? Optional.of(firstFailure.get()) : Optional.empty();
            if (!all.isDone()) {
                stopAll(hosts);
                all.get();
            }
            // A channel that could not be delivered fails the job even if the algorithm exited 0 meanwhile.
            Optional<String> platform = failure.isEmpty() && platformFailure.isDone()
                    ? Optional.of(platformFailure.get()) : Optional.empty();
            return new Ending(failure, stop.cause(), platform);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException(jobName);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting on the training containers failed: " + e.getCause(), e.getCause());
        } finally {
            waiters.shutdownNow();
        }
    }

    private HostExit exitOf(HostContainer host) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                OptionalInt code = engine.awaitExit(host.containerId(), WAIT_SLICE);
                if (code.isPresent()) {
                    return new HostExit(host, code.getAsInt());
                }
            } catch (NoSuchContainerException e) {
                return new HostExit(host, 255);
            }
        }
        throw new TrainingInterruptedException(host.name());
    }

    /** SIGTERM to every host at once, SIGKILL after the grace period. */
    private void stopAll(List<HostContainer> hosts) throws InterruptedException {
        List<Thread> stoppers = new ArrayList<>();
        for (HostContainer h : hosts) {
            Thread t = new Thread(() -> engine.stop(h.containerId(), stopGrace), "stop-" + h.name());
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            t.join();
        }
    }
}
