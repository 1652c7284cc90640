package dev.sagebox.hosting;

import java.util.Objects;
import java.util.Optional;

/** One entry of UpdateEndpointWeightsAndCapacities: a variant's new weight, new instance count, or both. */
public record DesiredWeightAndCapacity(
        String variantName, Optional<Float> desiredWeight, Optional<Integer> desiredInstanceCount) {
    public DesiredWeightAndCapacity {
        Objects.requireNonNull(variantName, "variantName");
        Objects.requireNonNull(desiredWeight, "desiredWeight");
        Objects.requireNonNull(desiredInstanceCount, "desiredInstanceCount");
    }
}
