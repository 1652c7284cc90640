package dev.sagebox.hosting;

import java.util.Objects;

/**
 * A production variant resolved for deployment: the model as it was when the endpoint was created or updated, so a
 * later DeleteModel or DeleteEndpointConfig cannot strand a running endpoint (SageMaker allows both).
 */
public record VariantDeployment(
        String variantName, Model model, String instanceType, int initialInstanceCount, float initialWeight) {
    public VariantDeployment {
        Objects.requireNonNull(variantName, "variantName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(instanceType, "instanceType");
    }

    /** The primary container followed by the supplemental ones, in request order. */
    public java.util.List<ContainerDefinition> containers() {
        java.util.List<ContainerDefinition> all = new java.util.ArrayList<>();
        all.add(model.primaryContainer());
        all.addAll(model.supplementalContainers());
        return all;
    }
}
