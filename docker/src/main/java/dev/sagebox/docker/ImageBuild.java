package dev.sagebox.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An image built from a local Dockerfile context (nothing pulled: its {@code FROM} image must be present, which the
 * caller checks), tagged {@code tag}, within {@code timeout}.
 */
public record ImageBuild(Path context, String tag, Map<String, String> buildArgs, Map<String, String> labels,
        Duration timeout) {
    public ImageBuild {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(tag, "tag");
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(timeout, "timeout");
    }
}
