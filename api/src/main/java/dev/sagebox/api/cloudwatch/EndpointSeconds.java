package dev.sagebox.api.cloudwatch;

import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.InvocationMeter;
import dev.sagebox.hosting.InvocationMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch's AWS/SageMaker endpoint metrics: each variant's invocations counted per second on the router's
 * threads, written to the point store once a second (a second is written when it is two seconds old, so late
 * recordings still land in it), and points older than the retention removed every minute.
 */
public final class EndpointSeconds implements InvocationMeters, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointSeconds.class);

    private final Map<String, VariantSeconds> variants = new ConcurrentHashMap<>();
    private final MetricPointStore store;
    private final Clock clock;
    private final Duration retention;
    private final Supplier<List<EndpointRouter.VariantCapacity>> capacity;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cloudwatch-metrics");
        t.setDaemon(true);
        return t;
    });

    public EndpointSeconds(MetricPointStore store, Clock clock, Duration retention,
            Supplier<List<EndpointRouter.VariantCapacity>> capacity) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
    }

    /** Starts writing once a second and expiring once a minute. */
    public EndpointSeconds start() {
        // The timer is this object's own and ends with it; the tasks catch their own failures, so they keep running.
        var unusedFlush = timer.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
        var unusedExpiry = timer.scheduleWithFixedDelay(this::expireQuietly, 0, 1, TimeUnit.MINUTES);
        return this;
    }

    @Override
    public InvocationMeter meter(String endpointName, String variantName) {
        return variants.computeIfAbsent(endpointName + '\n' + variantName,
                k -> new VariantSeconds(endpointName, variantName, clock::millis));
    }

    /** Writes every second before {@code beforeSecond} that has counts. */
    public void flush(long beforeSecond) {
        Map<String, Integer> instances = new HashMap<>();
        for (EndpointRouter.VariantCapacity c : capacity.get()) {
            instances.put(c.endpointName() + '\n' + c.variantName(), c.instances());
        }
        List<SecondPoint> points = new ArrayList<>();
        variants.forEach((key, v) -> points.addAll(v.drain(beforeSecond, instances.getOrDefault(key, 1))));
        if (!points.isEmpty()) {
            store.append(points);
        }
    }

    private void flushQuietly() {
        try {
            flush(Math.floorDiv(clock.millis(), 1000) - 1);
        } catch (RuntimeException e) {
            LOG.warn("could not write endpoint metrics: {}", e.toString());
        }
    }

    private void expireQuietly() {
        try {
            store.deleteBefore(Math.floorDiv(clock.millis(), 1000) - retention.toSeconds());
        } catch (RuntimeException e) {
            LOG.warn("could not expire metrics: {}", e.toString());
        }
    }

    /**
     * Stops the timer and writes what was counted, so a restart loses no finished second. The timer is not
     * interrupted: an interrupt during H2's file I/O closes the database's file channel, and the database with it.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush(Long.MAX_VALUE);
        } catch (RuntimeException e) {
            LOG.warn("could not write the last endpoint metrics: {}", e.toString());
        }
    }
}
