package dev.sagebox.hosting;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One inference container of a model: its image, model data and environment. */
public record ContainerDefinition(
        Optional<String> containerHostname,
        String image,
        Optional<String> modelDataUrl,
        Map<String, String> environment) {
    public ContainerDefinition {
        Objects.requireNonNull(containerHostname, "containerHostname");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modelDataUrl, "modelDataUrl");
        environment = Map.copyOf(environment);
    }
}
