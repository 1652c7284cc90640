package dev.sagebox.hosting;

import dev.sagebox.core.EndpointStatus;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.storage.ObjectStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every endpoint's fleet in the background: rollouts, scaling, deletion, the periodic health watch and recovery
 * at start-up. Closing it stops the background work but leaves the containers running, for the next start to adopt.
 */
public final class EndpointFleets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFleets.class);

    private final FleetContext ctx;
    private final Map<String, EndpointFleet> fleets = new ConcurrentHashMap<>();
    private final Set<String> watching = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;

    public EndpointFleets(EndpointRepository endpoints, EndpointRouter router, ContainerEngine engine,
            ObjectStore store, LogStore logs, HealthProbe probe, HostingSettings settings, Clock clock) {
        ExecutorService background = Executors.newCachedThreadPool(threads("sagebox-endpoint-"));
        this.ctx = new FleetContext(endpoints, router, new InstanceLauncher(engine, probe, settings, logs),
                new ModelDataStager(store), settings, clock, background);
        this.watcher = Executors.newSingleThreadScheduledExecutor(threads("sagebox-endpoint-health-"));
        long interval = settings.healthInterval().toMillis();
        // The watcher is this object's own and stops at close; watch() catches each fleet's failure.
        var unused = watcher.scheduleWithFixedDelay(this::watch, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the initial instances of a new endpoint (status Creating). Its log group exists before this returns, so
     * a client reading it right after CreateEndpoint gets an empty page, not a missing group.
     */
    public void deploy(Endpoint endpoint) {
        ctx.launcher().createLogGroup(endpoint.name());
        // A deleted endpoint's fleet may linger a moment; an endpoint created again under its name gets a new one.
        fleets.compute(key(endpoint.name()), (k, f) -> f == null || f.deleted()
                ? new EndpointFleet(ctx, endpoint.name(), endpoint.arn().toString()) : f);
        run(endpoint, "creating", f -> f.deploy(endpoint.deployment()), EndpointStatus.FAILED);
    }

    /** Applies the desired weights and counts of an endpoint now Updating. */
    public void scale(Endpoint endpoint) {
        run(endpoint, "scaling", EndpointFleet::scale, EndpointStatus.IN_SERVICE);
    }

    /** Rolls out the pending deployment of an endpoint now Updating. */
    public void update(Endpoint endpoint) {
        Deployment next = endpoint.pending().orElseThrow(() -> new IllegalArgumentException("nothing to roll out"));
        run(endpoint, "updating", f -> f.update(next), EndpointStatus.IN_SERVICE);
    }

    /** Removes an endpoint now Deleting: routing, containers, then its record. */
    public void delete(Endpoint endpoint) {
        EndpointFleet running = fleets.get(key(endpoint.name()));
        if (running != null) {
            running.abort();
        }
        run(endpoint, "deleting", f -> {
            f.delete();
            fleets.remove(key(endpoint.name()), f);
        }, EndpointStatus.DELETING);
    }

    /** Picks up every endpoint that was not Failed when Sagebox last stopped; returns how many. */
    public int recover() {
        int n = 0;
        for (Endpoint endpoint : ctx.endpoints().toRecover()) {
            n++;
            switch (endpoint.status()) {
                case CREATING -> deploy(endpoint);
                case DELETING -> delete(endpoint);
                default -> adopt(endpoint);
            }
        }
        return n;
    }

    /** Adopts at once, so routing resumes before the server answers; missing instances start in the background. */
    private void adopt(Endpoint endpoint) {
        EndpointFleet fleet = fleets.computeIfAbsent(key(endpoint.name()),
                k -> new EndpointFleet(ctx, endpoint.name(), endpoint.arn().toString()));
        try {
            fleet.recover(endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("endpoint {}: recovery failed", endpoint.name(), e);
            crashed(endpoint.name(), "recovering", e, EndpointStatus.IN_SERVICE);
        }
    }

    /** The router the fleets publish to. */
    public EndpointRouter router() {
        return ctx.router();
    }

    /** One fleet operation in the background, with its own view of what a crash should leave the endpoint in. */
    private interface Operation {
        void run(EndpointFleet fleet) throws InterruptedException;
    }

    private void run(Endpoint endpoint, String what, Operation operation, EndpointStatus onCrash) {
        EndpointFleet fleet = fleets.computeIfAbsent(key(endpoint.name()),
                k -> new EndpointFleet(ctx, endpoint.name(), endpoint.arn().toString()));
        ctx.background().execute(() -> {
            try {
                operation.run(fleet);
            } catch (InterruptedException e) {
                LOG.info("endpoint {}: {} interrupted (DeleteEndpoint or shutdown; after a shutdown it resumes at the"
                        + " next start)", endpoint.name(), what);
            } catch (RuntimeException e) {
                LOG.error("endpoint {}: {} failed", endpoint.name(), what, e);
                crashed(endpoint.name(), what, e, onCrash);
            }
        });
    }

    private void crashed(String name, String what, RuntimeException e, EndpointStatus onCrash) {
        if (onCrash == EndpointStatus.DELETING) {
            return;
        }
        String reason = "Sagebox failed while " + what + " the endpoint: " + e.getMessage();
        try {
            ctx.endpoints().update(name, current -> current.status() == onCrash ? current
                    : current.withPending(Optional.empty(), ctx.clock().instant())
                            .moved(onCrash, Optional.of(reason), ctx.clock().instant()));
        } catch (RuntimeException again) {
            LOG.warn("endpoint {}: could not record the failure: {}", name, again.toString());
        }
    }

    private void watch() {
        for (Map.Entry<String, EndpointFleet> e : fleets.entrySet()) {
            if (!watching.add(e.getKey())) {
                continue;
            }
            try {
                ctx.background().execute(() -> {
                    try {
                        e.getValue().checkHealth();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException failure) {
                        LOG.warn("endpoint {}: health check failed: {}", e.getKey(), failure.toString());
                    } finally {
                        watching.remove(e.getKey());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                watching.remove(e.getKey());
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        ctx.background().shutdownNow();
        try {
            if (!ctx.background().awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("endpoint work still running after 10 s; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fleets.values().forEach(EndpointFleet::detach);
        ctx.launcher().detachLogs();
        ctx.launcher().removeUnusedNetworks();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
