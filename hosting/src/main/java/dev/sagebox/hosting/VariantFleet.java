package dev.sagebox.hosting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The instances of one variant in one generation of an endpoint, with the weight it routes at. Mutable; guarded by
 * the lock of its {@link EndpointFleet}.
 */
final class VariantFleet {
    private final VariantDeployment deployment;
    private final List<Path> modelDirs;
    private final List<ServingInstance> instances = new ArrayList<>();
    private float weight;

    VariantFleet(VariantDeployment deployment, List<Path> modelDirs, float weight) {
        this.deployment = deployment;
        this.modelDirs = List.copyOf(modelDirs);
        this.weight = weight;
    }

    VariantDeployment deployment() {
        return deployment;
    }

    String name() {
        return deployment.variantName();
    }

    List<Path> modelDirs() {
        return modelDirs;
    }

    List<ServingInstance> instances() {
        return List.copyOf(instances);
    }

    int size() {
        return instances.size();
    }

    void add(ServingInstance instance) {
        instances.add(instance);
    }

    boolean remove(ServingInstance instance) {
        return instances.remove(instance);
    }

    /** Takes the {@code count} newest instances out of the fleet (scale-in keeps the longest-serving ones). */
    List<ServingInstance> takeNewest(int count) {
        List<ServingInstance> taken = new ArrayList<>();
        for (int i = 0; i < count && !instances.isEmpty(); i++) {
            taken.add(instances.remove(instances.size() - 1));
        }
        return taken;
    }

    float weight() {
        return weight;
    }

    void weight(float value) {
        weight = value;
    }

    RoutingTable.VariantRoutes routes() {
        return new RoutingTable.VariantRoutes(name(), weight, instances);
    }
}
