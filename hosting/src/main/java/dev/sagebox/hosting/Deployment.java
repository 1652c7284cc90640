package dev.sagebox.hosting;

import java.util.List;
import java.util.Objects;

/**
 * One endpoint configuration as deployed on an endpoint. {@code generation} grows with every UpdateEndpoint, so the
 * containers of the old and the new fleet can be told apart (blue/green, and adoption after a restart).
 */
public record Deployment(int generation, String endpointConfigName, List<VariantDeployment> variants) {
    public Deployment {
        Objects.requireNonNull(endpointConfigName, "endpointConfigName");
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a deployment has at least one variant");
        }
    }
}
