package dev.sagebox.hosting;

import dev.sagebox.core.EndpointStatus;
import dev.sagebox.core.Quotas;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoint side of {@link Quotas}: instances per variant, per endpoint and of all endpoints together. What an
 * endpoint holds is, per variant, the larger of its running and its desired instances, plus a whole pending
 * deployment (a blue/green update runs both fleets for a while).
 */
final class EndpointQuota {
    private final Quotas quotas;
    private final EndpointRepository endpoints;

    EndpointQuota(Quotas quotas, EndpointRepository endpoints) {
        this.quotas = quotas;
        this.endpoints = endpoints;
    }

    /** Refuses a deployment whose variants or whole would exceed a limit, counting what every endpoint holds now. */
    void requireDeployable(Deployment deployment, String endpointName) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        deployment.variants().forEach(v -> counts.put(v.variantName(), v.initialInstanceCount()));
        require(counts, endpointName, usageOfOthers(endpointName) + usageOf(endpointName));
    }

    /** Refuses desired counts per variant (all of the endpoint's variants) that would exceed a limit. */
    void requireScalable(Map<String, Integer> desired, Endpoint endpoint) {
        int pending = endpoint.pending().map(EndpointQuota::instances).orElse(0);
        require(desired, endpoint.name(), usageOfOthers(endpoint.name()) + pending);
    }

    private void require(Map<String, Integer> counts, String endpointName, int otherUsage) {
        int total = 0;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            Quotas.require("instances per production variant (variant " + c.getKey() + ")", "Instances",
                    quotas.instancesPerVariant(), 0, c.getValue(), "SAGEBOX_MAX_INSTANCES_PER_VARIANT");
            total += c.getValue();
        }
        Quotas.require("instances per endpoint (endpoint " + endpointName + ")", "Instances",
                quotas.instancesPerEndpoint(), 0, total, "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT");
        Quotas.require("total instances for endpoint usage", "Instances", quotas.endpointInstances(), otherUsage,
                total, "SAGEBOX_MAX_ENDPOINT_INSTANCES");
    }

    private int usageOfOthers(String endpointName) {
        String key = endpointName.toLowerCase(Locale.ROOT);
        return endpoints.toRecover().stream().filter(e -> !e.name().toLowerCase(Locale.ROOT).equals(key))
                .filter(e -> e.status() != EndpointStatus.FAILED).mapToInt(EndpointQuota::usage).sum();
    }

    private int usageOf(String endpointName) {
        return endpoints.find(endpointName).filter(e -> e.status() != EndpointStatus.FAILED)
                .map(EndpointQuota::usage).orElse(0);
    }

    private static int usage(Endpoint e) {
        int running = e.variants().stream()
                .mapToInt(v -> Math.max(v.currentInstanceCount(), v.desiredInstanceCount())).sum();
        return running + e.pending().map(EndpointQuota::instances).orElse(0);
    }

    private static int instances(Deployment d) {
        return d.variants().stream().mapToInt(VariantDeployment::initialInstanceCount).sum();
    }
}
