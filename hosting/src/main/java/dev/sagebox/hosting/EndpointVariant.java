package dev.sagebox.hosting;

import java.util.Objects;

/** One production variant of an endpoint as DescribeEndpoint reports it: weights and instance counts, now and wanted. */
public record EndpointVariant(
        String variantName, float currentWeight, float desiredWeight, int currentInstanceCount,
        int desiredInstanceCount) {
    public EndpointVariant {
        Objects.requireNonNull(variantName, "variantName");
        if (currentWeight < 0 || desiredWeight < 0 || currentInstanceCount < 0 || desiredInstanceCount < 0) {
            throw new IllegalArgumentException("weights and instance counts must be >= 0");
        }
    }

    public EndpointVariant withCurrent(float weight, int instances) {
        return new EndpointVariant(variantName, weight, desiredWeight, instances, desiredInstanceCount);
    }

    public EndpointVariant withDesired(float weight, int instances) {
        return new EndpointVariant(variantName, currentWeight, weight, currentInstanceCount, instances);
    }
}
