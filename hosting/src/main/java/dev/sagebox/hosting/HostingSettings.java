package dev.sagebox.hosting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How endpoints run on this host.
 *
 * @param root where model data of each endpoint is staged ({@code $SAGEBOX_HOME/endpoints})
 * @param serverId the id of this Sagebox server, on every container it starts
 * @param startupTimeout how long new instances have to answer {@code /ping} with 200 (contract: 4 minutes)
 * @param healthInterval how often instances in service are pinged
 * @param stopGrace SIGTERM-to-SIGKILL grace of instances removed by scale-in or replaced by UpdateEndpoint
 * @param drainTimeout how long a removed instance may finish the invocations it is serving before it is stopped
 * @param reachContainersDirectly call containers on their bridge address rather than through the port Docker
 *     publishes on loopback: true when the engine runs on this host. Docker's userland proxy behind a published
 *     port now and then lost an answer on a kept-alive connection under load, and it is one hop more. Only an
 *     engine on another host makes instances publish their ports on that host's loopback instead.
 * @param enforceResourceLimits whether an instance's containers are limited to its instance type's CPUs and memory
 */
public record HostingSettings(
        Path root, String serverId, Duration startupTimeout, Duration healthInterval, Duration stopGrace,
        Duration drainTimeout, boolean reachContainersDirectly, boolean enforceResourceLimits) {
    /** Each probe of /ping gives up after this long (contract section 6). */
    public static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    public HostingSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }

    /** Settings whose instances run without CPU and memory limits. */
    public HostingSettings(Path root, String serverId, Duration startupTimeout, Duration healthInterval,
            Duration stopGrace, Duration drainTimeout, boolean reachContainersDirectly) {
        this(root, serverId, startupTimeout, healthInterval, stopGrace, drainTimeout, reachContainersDirectly, false);
    }

    /** The same settings with staged model data under {@code dir} (transform jobs keep theirs apart). */
    public HostingSettings inRoot(Path dir) {
        return new HostingSettings(dir, serverId, startupTimeout, healthInterval, stopGrace, drainTimeout,
                reachContainersDirectly, enforceResourceLimits);
    }
}
