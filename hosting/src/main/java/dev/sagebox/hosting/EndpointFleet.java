package dev.sagebox.hosting;

import dev.sagebox.storage.LocalTrees;
import dev.sagebox.core.EndpointStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running side of one endpoint: the live generation's instances per variant, published to the router as an
 * immutable table. One operation at a time (a lock); every change of instances or weights republishes the table and
 * writes the counts as they really are to the endpoint's record.
 */
final class EndpointFleet {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFleet.class);
    /** Lets invocations that picked a retired instance just before the switch reach it before draining starts. */
    private static final long SETTLE_NANOS = 200_000_000L;
    /** Pings an instance may miss in a row before it is replaced; one slow answer under load is not a failure. */
    private static final int MISSED_PINGS = 2;

    private final FleetContext ctx;
    private final String name;
    private final String arn;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger instanceSequence = new AtomicInteger();
    private Map<String, VariantFleet> live = Map.of(); // guarded by lock
    /** Set by DeleteEndpoint: a launch in progress gives up, operations still queued behind it do nothing. */
    private volatile boolean deleted;
    private int liveGeneration; // guarded by lock

    EndpointFleet(FleetContext ctx, String name, String arn) {
        this.ctx = ctx;
        this.name = name;
        this.arn = arn;
    }

    /** CreateEndpoint: every variant's initial instances, then InService; or Failed with nothing left running. */
    void deploy(Deployment deployment) throws InterruptedException {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            removeAllContainers();
            Map<String, VariantFleet> fleet = new LinkedHashMap<>();
            try {
                fleet = stage(deployment);
                launchInto(fleet, deployment.generation(), initialCounts(deployment));
            } catch (LaunchFailure f) {
                fleet.values().forEach(v -> v.instances().forEach(ctx.launcher()::remove));
                deleteDirs(deployment.generation());
                record(e -> e.moved(EndpointStatus.FAILED, Optional.of(f.getMessage()), now())
                        .withVariants(Endpoint.initialVariants(deployment, 0), now()));
                LOG.info("endpoint {} failed: {}", name, f.getMessage());
                return;
            }
            live = fleet;
            liveGeneration = deployment.generation();
            publish();
            record(e -> e.moved(EndpointStatus.IN_SERVICE, Optional.empty(), now())
                    .withVariants(serving(e.variants()), now()));
        } finally {
            lock.unlock();
        }
    }

    /** UpdateEndpointWeightsAndCapacities: instances added or retired, weights changed, back to InService. */
    void scale() throws InterruptedException {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            Endpoint endpoint = current().orElse(null);
            if (endpoint == null) {
                return;
            }
            Map<String, Integer> additions = new HashMap<>();
            for (EndpointVariant v : endpoint.variants()) {
                VariantFleet fleet = live.get(v.variantName());
                if (fleet != null && v.desiredInstanceCount() > fleet.size()) {
                    additions.put(v.variantName(), v.desiredInstanceCount() - fleet.size());
                }
            }
            try {
                launchInto(live, liveGeneration, additions);
            } catch (LaunchFailure f) {
                record(e -> e.moved(EndpointStatus.IN_SERVICE, Optional.of(f.getMessage()), now())
                        .withVariants(e.variants().stream().map(this::desiredIsCurrent).toList(), now()));
                return;
            }
            List<ServingInstance> retiring = new ArrayList<>();
            for (EndpointVariant v : endpoint.variants()) {
                VariantFleet fleet = live.get(v.variantName());
                if (fleet != null) {
                    fleet.weight(v.desiredWeight());
                    retiring.addAll(fleet.takeNewest(fleet.size() - v.desiredInstanceCount()));
                }
            }
            publish();
            record(e -> e.moved(EndpointStatus.IN_SERVICE, Optional.empty(), now())
                    .withVariants(serving(e.variants()), now()));
            retire(retiring, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /**
     * UpdateEndpoint, blue/green: the new generation starts and becomes healthy while the old one serves, the router
     * switches in one step, the old instances drain and stop. If the new fleet fails the old one keeps serving.
     */
    void update(Deployment next) throws InterruptedException {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            Map<String, VariantFleet> green = new LinkedHashMap<>();
            try {
                green = stage(next);
                launchInto(green, next.generation(), initialCounts(next));
            } catch (LaunchFailure f) {
                green.values().forEach(v -> v.instances().forEach(ctx.launcher()::remove));
                deleteDirs(next.generation());
                record(e -> e.moved(EndpointStatus.IN_SERVICE, Optional.of(f.getMessage()), now())
                        .withPending(Optional.empty(), now()));
                return;
            }
            List<ServingInstance> blue = new ArrayList<>();
            live.values().forEach(v -> blue.addAll(v.instances()));
            int oldGeneration = liveGeneration;
            live = green;
            liveGeneration = next.generation();
            publish();
            record(e -> e.switchedTo(next, serving(Endpoint.initialVariants(next, 0)), now())
                    .moved(EndpointStatus.IN_SERVICE, Optional.empty(), now()));
            retire(blue, Optional.of(oldGeneration));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the rollout or scaling running now (its launch gives up and removes what it started) and makes queued
     * ones do nothing; DeleteEndpoint then takes the fleet.
     */
    void abort() {
        deleted = true;
    }

    /** Whether DeleteEndpoint has taken this fleet. */
    boolean deleted() {
        return deleted;
    }

    /** DeleteEndpoint: out of the routing, every container removed, its log group and record gone. */
    void delete() {
        deleted = true;
        lock.lock();
        try {
            ctx.router().delete(name);
            live.values().forEach(v -> v.instances().forEach(ctx.launcher()::remove));
            live = Map.of();
            removeAllContainers();
            ctx.launcher().deleteLogs(name);
            LocalTrees.delete(endpointDir());
            ctx.endpoints().delete(name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a restart: adopts the live generation's instances that still run and answer /ping, removes every other
     * container of the endpoint and routes to what it adopted; the health watch then brings the counts back to the
     * desired ones. An UpdateEndpoint the restart interrupted is dropped, and FailureReason says so.
     */
    void recover(Endpoint endpoint) throws InterruptedException {
        lock.lock();
        try {
            Deployment deployment = endpoint.deployment();
            Map<String, VariantFleet> fleet;
            try {
                fleet = stage(deployment);
            } catch (LaunchFailure f) {
                LOG.warn("endpoint {}: cannot stage model data again after a restart: {}", name, f.getMessage());
                fleet = new LinkedHashMap<>();
            }
            Map<String, VariantDeployment> byName = new HashMap<>();
            deployment.variants().forEach(v -> byName.put(v.variantName(), v));
            for (ServingInstance adopted : ctx.launcher().adopt(name, arn, deployment.generation(), byName)) {
                VariantFleet v = fleet.get(adopted.variantName());
                if (v != null) {
                    v.add(adopted);
                } else {
                    ctx.launcher().remove(adopted);
                }
            }
            for (EndpointVariant v : endpoint.variants()) {
                VariantFleet f = fleet.get(v.variantName());
                if (f != null) {
                    f.weight(v.desiredWeight());
                }
            }
            live = fleet;
            liveGeneration = deployment.generation();
            publish();
            Optional<String> reason = endpoint.pending().isPresent()
                    ? Optional.of("Sagebox restarted while the endpoint was being updated to endpoint configuration "
                            + endpoint.pending().get().endpointConfigName() + "; the update was not applied.")
                    : endpoint.failureReason();
            record(e -> e.status() != EndpointStatus.IN_SERVICE && e.status() != EndpointStatus.UPDATING ? e
                    : e.withPending(Optional.empty(), now()).moved(EndpointStatus.IN_SERVICE, reason, now())
                            .withVariants(serving(e.variants()), now()));
            LOG.info("endpoint {}: adopted {} running instance(s) after a restart", name,
                    live.values().stream().mapToInt(VariantFleet::size).sum());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes instances that died or stopped answering /ping out of the routing at once, then starts instances until
     * each variant has its desired count again. Skipped while another operation holds the fleet.
     */
    void checkHealth() throws InterruptedException {
        if (!lock.tryLock()) {
            return;
        }
        try {
            Endpoint endpoint = current().orElse(null);
            if (endpoint == null || endpoint.status() != EndpointStatus.IN_SERVICE) {
                return;
            }
            Map<ServingInstance, VariantFleet> sick = new LinkedHashMap<>();
            for (VariantFleet v : live.values()) {
                for (ServingInstance instance : v.instances()) {
                    InstanceLauncher.Health health = ctx.launcher().health(instance);
                    if (health == InstanceLauncher.Health.HEALTHY) {
                        instance.answeredPing();
                    } else if (health == InstanceLauncher.Health.DEAD || instance.missedPing() >= MISSED_PINGS) {
                        sick.put(instance, v);
                    }
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                // Shutting down: an interrupted probe says nothing about the instance.
                throw new InterruptedException("health check interrupted");
            }
            sick.forEach((instance, v) -> v.remove(instance));
            if (!sick.isEmpty()) {
                publish();
                record(e -> e.withVariants(serving(e.variants()), now()));
                LOG.warn("endpoint {}: replacing unhealthy instance(s) {}", name, sick.keySet());
                sick.keySet().forEach(ctx.launcher()::remove);
            }
            Map<String, Integer> missing = new HashMap<>();
            for (EndpointVariant v : endpoint.variants()) {
                VariantFleet fleet = live.get(v.variantName());
                if (fleet != null && fleet.size() < v.desiredInstanceCount()) {
                    missing.put(v.variantName(), v.desiredInstanceCount() - fleet.size());
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                launchInto(live, liveGeneration, missing);
            } catch (LaunchFailure f) {
                LOG.warn("endpoint {}: could not replace instances, will try again: {}", name, f.getMessage());
                return;
            }
            publish();
            record(e -> e.withVariants(serving(e.variants()), now()));
        } finally {
            lock.unlock();
        }
    }

    /** Stops routing here without touching the containers (server shutdown: a restart adopts them). */
    void detach() {
        ctx.router().withdraw(name);
    }

    // ---- helpers (lock held) -------------------------------------------------------------------------------------

    private Map<String, VariantFleet> stage(Deployment deployment) throws LaunchFailure {
        Map<String, VariantFleet> fleet = new LinkedHashMap<>();
        for (VariantDeployment v : deployment.variants()) {
            List<Path> dirs = new ArrayList<>();
            List<ContainerDefinition> containers = v.containers();
            for (int i = 0; i < containers.size(); i++) {
                Path dir = generationDir(deployment.generation()).resolve(v.variantName()).resolve("container-" + i);
                ctx.stager().stage(containers.get(i).modelDataUrl(), dir, v.variantName(), v.instanceType());
                dirs.add(dir);
            }
            fleet.put(v.variantName(), new VariantFleet(v, dirs, v.initialWeight()));
        }
        return fleet;
    }

    private void launchInto(Map<String, VariantFleet> fleet, int generation, Map<String, Integer> counts)
            throws LaunchFailure, InterruptedException {
        List<InstanceLauncher.Launch> launches = new ArrayList<>();
        for (VariantFleet v : fleet.values()) {
            int count = counts.getOrDefault(v.name(), 0);
            for (int i = 0; i < count; i++) {
                launches.add(new InstanceLauncher.Launch(name, arn, generation, v.deployment(), v.modelDirs(),
                        "i" + instanceSequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xfffff)));
            }
        }
        if (launches.isEmpty()) {
            return;
        }
        for (ServingInstance started : ctx.launcher().launch(launches, () -> deleted)) {
            fleet.get(started.variantName()).add(started);
        }
    }

    private static Map<String, Integer> initialCounts(Deployment deployment) {
        Map<String, Integer> counts = new HashMap<>();
        deployment.variants().forEach(v -> counts.put(v.variantName(), v.initialInstanceCount()));
        return counts;
    }

    /** The record's variants with the current weight and count as they now are in the live fleet. */
    private List<EndpointVariant> serving(List<EndpointVariant> variants) {
        return variants.stream().map(v -> {
            VariantFleet fleet = live.get(v.variantName());
            return fleet == null ? v.withCurrent(v.currentWeight(), 0) : v.withCurrent(fleet.weight(), fleet.size());
        }).toList();
    }

    private EndpointVariant desiredIsCurrent(EndpointVariant v) {
        VariantFleet fleet = live.get(v.variantName());
        int count = fleet == null ? v.currentInstanceCount() : fleet.size();
        float weight = fleet == null ? v.currentWeight() : fleet.weight();
        return new EndpointVariant(v.variantName(), weight, weight, count, count);
    }

    private void publish() {
        ctx.router().publish(name, new RoutingTable(live.values().stream().map(VariantFleet::routes).toList()));
    }

    /**
     * Out of the routing already: in the background, lets each instance finish what it serves (up to the drain
     * timeout), then SIGTERM, SIGKILL after the grace period, removal; then the retired generation's model data.
     */
    private void retire(List<ServingInstance> instances, Optional<Integer> generationToDelete) {
        if (instances.isEmpty() && generationToDelete.isEmpty()) {
            return;
        }
        ctx.background().execute(() -> {
            LockSupport.parkNanos(SETTLE_NANOS);
            long deadline = System.nanoTime() + ctx.settings().drainTimeout().toNanos();
            for (ServingInstance instance : instances) {
                while (instance.inFlight() > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }
            List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
            for (ServingInstance instance : instances) {
                stops.add(ctx.background().submit(() -> ctx.launcher().stop(instance, ctx.settings().stopGrace())));
            }
            for (java.util.concurrent.Future<?> stop : stops) {
                try {
                    stop.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warn("endpoint {}: stopping a retired instance failed: {}", name, e.getCause().toString());
                }
            }
            generationToDelete.ifPresent(this::deleteDirs);
        });
    }

    private void removeAllContainers() {
        ctx.launcher().containersOf(arn).forEach(c -> ctx.launcher().removeQuietly(c.id()));
    }

    private Path endpointDir() {
        return ctx.settings().root().resolve(name.toLowerCase(Locale.ROOT));
    }

    private Path generationDir(int generation) {
        return endpointDir().resolve("g" + generation);
    }

    private void deleteDirs(int generation) {
        try {
            LocalTrees.delete(generationDir(generation));
        } catch (RuntimeException e) {
            LOG.warn("could not remove model data of endpoint {}: {}", name, e.getMessage());
        }
    }

    private Optional<Endpoint> current() {
        return ctx.endpoints().find(name);
    }

    private void record(UnaryOperator<Endpoint> change) {
        ctx.endpoints().update(name, change);
    }

    private java.time.Instant now() {
        return ctx.clock().instant();
    }
}
