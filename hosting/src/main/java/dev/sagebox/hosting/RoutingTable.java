package dev.sagebox.hosting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * An immutable snapshot of where one endpoint's traffic goes: its variants with their weights and healthy
 * instances. Replacing the snapshot is how routing changes atomically (scaling, health, the blue/green switch).
 */
public final class RoutingTable {
    /** One variant: its weight and its instances in service. */
    public record VariantRoutes(String variantName, double weight, List<ServingInstance> instances) {
        public VariantRoutes {
            Objects.requireNonNull(variantName, "variantName");
            instances = List.copyOf(instances);
            if (weight < 0 || Double.isNaN(weight)) {
                throw new IllegalArgumentException("weight must be >= 0");
            }
        }
    }

    /** A variant with its own rotation, so that each variant's instances take turns independently. */
    static final class Slot {
        final VariantRoutes routes;
        final AtomicInteger turn = new AtomicInteger();
        final InvocationMeter meter;

        Slot(VariantRoutes routes, InvocationMeter meter) {
            this.routes = routes;
            this.meter = meter;
        }
    }

    private final List<VariantRoutes> variants;
    private final List<Slot> slots;
    /** Cumulative weights of the variants that have instances; a variant without any gets no traffic. */
    private final double[] cumulative;
    private final Slot[] weighted;
    private final String endpointName;

    public RoutingTable(List<VariantRoutes> variants) {
        this(variants, "", InvocationMeters.NONE);
    }

    private RoutingTable(List<VariantRoutes> variants, String endpointName, InvocationMeters meters) {
        this.variants = List.copyOf(variants);
        this.endpointName = endpointName;
        this.slots = this.variants.stream().map(v -> new Slot(v, meters.meter(endpointName, v.variantName())))
                .toList();
        List<Slot> eligible = new ArrayList<>();
        for (Slot v : slots) {
            if (v.routes.weight() > 0 && !v.routes.instances().isEmpty()) {
                eligible.add(v);
            }
        }
        weighted = eligible.toArray(new Slot[0]);
        cumulative = new double[weighted.length];
        double sum = 0;
        for (int i = 0; i < weighted.length; i++) {
            sum += weighted[i].routes.weight();
            cumulative[i] = sum;
        }
    }

    /** The same routing, named for its endpoint and with each variant's meter: what the router publishes. */
    RoutingTable bound(String endpoint, InvocationMeters meters) {
        return new RoutingTable(variants, endpoint, meters);
    }

    /** The endpoint's name as it was published ("" before). */
    String endpointName() {
        return endpointName;
    }

    public List<VariantRoutes> variants() {
        return variants;
    }

    /** A variant with probability weight ÷ sum of the weights; empty when no variant can take traffic. */
    Optional<Slot> chooseVariant(RandomGenerator random) {
        if (weighted.length == 0) {
            return Optional.empty();
        }
        if (weighted.length == 1) {
            return Optional.of(weighted[0]);
        }
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return Optional.of(weighted[i]);
            }
        }
        return Optional.of(weighted[weighted.length - 1]);
    }

    /** The variant of that name, matched exactly, else ignoring case. */
    Optional<Slot> variant(String name) {
        for (Slot v : slots) {
            if (v.routes.variantName().equals(name)) {
                return Optional.of(v);
            }
        }
        return slots.stream().filter(v -> v.routes.variantName().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The instance of {@code variant} serving the fewest invocations, starting the scan at a rotating position so
     * that equally loaded instances take turns; {@code exclude} (an instance id) is skipped.
     */
    Optional<ServingInstance> chooseInstance(Slot variant, Optional<String> exclude) {
        List<ServingInstance> instances = variant.routes.instances();
        int n = instances.size();
        if (n == 0) {
            return Optional.empty();
        }
        int start = Math.floorMod(variant.turn.getAndIncrement(), n);
        ServingInstance best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            ServingInstance candidate = instances.get((start + k) % n);
            if (exclude.isPresent() && exclude.get().equals(candidate.id())) {
                continue;
            }
            int load = candidate.inFlight();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return Optional.ofNullable(best);
    }
}
