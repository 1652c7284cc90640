package dev.sagebox.hosting;

import java.util.Objects;

/** One variant of an endpoint configuration: which model, how many instances of what type, and its weight. */
public record ProductionVariant(
        String variantName, String modelName, int initialInstanceCount, String instanceType, float initialVariantWeight) {
    public ProductionVariant {
        Objects.requireNonNull(variantName, "variantName");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(instanceType, "instanceType");
        if (initialInstanceCount < 1) {
            throw new IllegalArgumentException("initialInstanceCount must be >= 1");
        }
        if (initialVariantWeight < 0) {
            throw new IllegalArgumentException("initialVariantWeight must be >= 0");
        }
    }
}
