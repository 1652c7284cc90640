package dev.sagebox.docker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the log follows of services whose task has exited. The engine keeps a service's log open for as long as the
 * service exists (it would follow a next task), while a container's log ends with the container: so a follow is
 * closed once its service's task has ended (or the service is gone) and {@link #TRAILING} has passed for its last
 * lines to arrive.
 */
final class SwarmLogEnds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmLogEnds.class);
    static final Duration TRAILING = Duration.ofSeconds(1);
    private static final long CHECK_MILLIS = 250;

    private final Function<String, Optional<ContainerState>> inspect;
    private final Map<FrameFollow, String> watched = new ConcurrentHashMap<>();
    private final Map<FrameFollow, Long> endedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "swarm-log-ends");
        t.setDaemon(true);
        return t;
    });

    SwarmLogEnds(Function<String, Optional<ContainerState>> inspect) {
        this.inspect = inspect;
        var unused = checks.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(FrameFollow follow, String serviceId) {
        watched.put(follow, serviceId);
    }

    void forget(FrameFollow follow) {
        watched.remove(follow);
        endedAt.remove(follow);
    }

    private void check() {
        long now = System.nanoTime();
        for (Map.Entry<FrameFollow, String> e : Map.copyOf(watched).entrySet()) {
            try {
                Optional<ContainerState> state = inspect.apply(e.getValue());
                boolean over = state.isEmpty() || (!state.get().running() && state.get().exitCode().isPresent());
                if (!over) {
                    continue;
                }
                long since = endedAt.computeIfAbsent(e.getKey(), f -> now);
                if (now - since >= TRAILING.toNanos()) {
                    forget(e.getKey());
                    e.getKey().close();
                }
            } catch (RuntimeException failure) {
                LOG.debug("cannot check whether service {} ended: {}", e.getValue(), failure.getMessage());
            }
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
