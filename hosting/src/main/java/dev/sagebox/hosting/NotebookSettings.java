package dev.sagebox.hosting;

import java.time.Duration;
import java.util.Objects;

/**
 * How notebook instances run on this host.
 *
 * @param image the Jupyter image, built locally ({@code sagebox/notebook:latest}; never pulled)
 * @param startupTimeout how long a new Jupyter server has to answer before the instance is Failed
 * @param stopGrace SIGTERM-to-SIGKILL grace when an instance stops
 * @param watchInterval how often running instances are checked for a Jupyter server that died
 * @param enforceResourceLimits whether the instance type limits CPU and memory
 */
public record NotebookSettings(
        String serverId,
        String image,
        Duration startupTimeout,
        Duration stopGrace,
        Duration watchInterval,
        boolean enforceResourceLimits) {
    public static final String DEFAULT_IMAGE = "sagebox/notebook:latest";

    public NotebookSettings {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(watchInterval, "watchInterval");
        if (watchInterval.isZero() || watchInterval.isNegative()) {
            throw new IllegalArgumentException("watchInterval must be positive");
        }
    }

    /** The defaults: the local image, two minutes to start, ten seconds to stop, a check every five seconds. */
    public static NotebookSettings defaults(String serverId, boolean enforceResourceLimits) {
        return new NotebookSettings(serverId, DEFAULT_IMAGE, Duration.ofMinutes(2), Duration.ofSeconds(10),
                Duration.ofSeconds(5), enforceResourceLimits);
    }

    public NotebookSettings withStartupTimeout(Duration value) {
        return new NotebookSettings(serverId, image, value, stopGrace, watchInterval, enforceResourceLimits);
    }

    public NotebookSettings withWatchInterval(Duration value) {
        return new NotebookSettings(serverId, image, startupTimeout, stopGrace, value, enforceResourceLimits);
    }
}
