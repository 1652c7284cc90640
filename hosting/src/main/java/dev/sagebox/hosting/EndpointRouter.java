package dev.sagebox.hosting;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The routing behind InvokeEndpoint: for each endpoint in service an immutable {@link RoutingTable}, replaced whole
 * when instances or weights change. Lock-free on the invocation path.
 */
public final class EndpointRouter {
    private final Map<String, RoutingTable> tables = new ConcurrentHashMap<>();
    private final RandomGenerator random;
    private final String accountId;
    private final InvocationMeters meters;

    /** {@code random} must be safe for concurrent use (see {@link #threadLocalRandom()}); tests pass a seeded one. */
    public EndpointRouter(RandomGenerator random, String accountId) {
        this(random, accountId, InvocationMeters.NONE);
    }

    /** As the other constructor; each route carries its variant's meter from {@code meters}. */
    public EndpointRouter(RandomGenerator random, String accountId, InvocationMeters meters) {
        this.random = random;
        this.accountId = accountId;
        this.meters = meters;
    }

    /** How many instances one variant of an endpoint in service has in its routing now. */
    public record VariantCapacity(String endpointName, String variantName, int instances) {
    }

    /** A generator backed by {@link java.util.concurrent.ThreadLocalRandom}: fast and contention-free. */
    public static RandomGenerator threadLocalRandom() {
        return () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }

    /**
     * Chooses the variant (by weight, or the one named by {@code targetVariant}) and an instance of it. Throws a
     * runtime ValidationError when the endpoint is unknown or not in service, or the variant does not exist.
     */
    public Route route(String endpointName, Optional<String> targetVariant) {
        RoutingTable table = tables.get(key(endpointName));
        if (table == null) {
            throw new SageboxException(ErrorCode.VALIDATION_ERROR,
                    "Endpoint " + endpointName + " of account " + accountId + " not found.");
        }
        RoutingTable.Slot variant;
        if (targetVariant.isPresent()) {
            variant = table.variant(targetVariant.get()).orElseThrow(() -> new SageboxException(
                    ErrorCode.VALIDATION_ERROR, "Endpoint " + endpointName + " of account " + accountId
                            + " does not have a production variant named " + targetVariant.get() + "."));
        } else {
            variant = table.chooseVariant(random).orElseThrow(() -> unavailable(endpointName));
        }
        ServingInstance instance = table.chooseInstance(variant, Optional.empty())
                .orElseThrow(() -> unavailable(endpointName));
        return new Route(endpointName, instance, variant.meter);
    }

    /**
     * Another instance of the same variant than {@code failed} (whose connection was refused), from the table as it
     * is now; releases {@code failed}. Empty when there is none.
     */
    public Optional<Route> retry(Route failed) {
        failed.release();
        RoutingTable table = tables.get(key(failed.endpointName()));
        if (table == null) {
            return Optional.empty();
        }
        return table.variant(failed.variantName())
                .flatMap(v -> table.chooseInstance(v, Optional.of(failed.instanceId()))
                        .map(i -> new Route(failed.endpointName(), i, v.meter)));
    }

    /** Makes {@code table} the endpoint's routing, replacing the previous one atomically. */
    public void publish(String endpointName, RoutingTable table) {
        tables.put(key(endpointName), table.bound(endpointName, meters));
    }

    /** Every variant of every endpoint in the routing, with its instance count (metrics read it). */
    public List<VariantCapacity> capacity() {
        List<VariantCapacity> out = new ArrayList<>();
        for (RoutingTable table : tables.values()) {
            for (RoutingTable.VariantRoutes v : table.variants()) {
                out.add(new VariantCapacity(table.endpointName(), v.variantName(), v.instances().size()));
            }
        }
        return out;
    }

    /** Stops routing to the endpoint: invocations get the not-found error from now on. */
    public void withdraw(String endpointName) {
        tables.remove(key(endpointName));
    }

    /** DeleteEndpoint: stops routing as {@link #withdraw} does, and the endpoint's meters are forgotten. */
    public void delete(String endpointName) {
        withdraw(endpointName);
        meters.forget(endpointName);
    }

    public Optional<RoutingTable> table(String endpointName) {
        return Optional.ofNullable(tables.get(key(endpointName)));
    }

    private SageboxException unavailable(String endpointName) {
        return new SageboxException(ErrorCode.SERVICE_UNAVAILABLE,
                "Endpoint " + endpointName + " has no instance in service that can take this invocation right now.");
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
