package dev.sagebox.hosting;

import java.net.URI;

/** Asks one inference container whether it is ready: {@code GET /ping} answered with 200. */
@FunctionalInterface
public interface HealthProbe {
    boolean healthy(URI containerBase);
}
