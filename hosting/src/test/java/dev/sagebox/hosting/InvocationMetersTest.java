package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the router hands out meters: one per variant, bound when a table is published, forgotten on delete. */
class InvocationMetersTest {
    /** Records what the router asked of it. */
    private static final class RecordingMeters implements InvocationMeters {
        final Map<String, InvocationMeter> made = new HashMap<>();
        final List<String> forgotten = new ArrayList<>();

        @Override
        public InvocationMeter meter(String endpointName, String variantName) {
            return made.computeIfAbsent(endpointName + "/" + variantName, k -> new InvocationMeter() {
                @Override
                public void answered(long modelNanos, long overheadNanos) {
                }

                @Override
                public void failed(InvocationFailure failure, long modelNanos, long overheadNanos) {
                }
            });
        }

        @Override
        public void forget(String endpointName) {
            forgotten.add(endpointName);
        }
    }

    private final RecordingMeters meters = new RecordingMeters();
    private final EndpointRouter router = new EndpointRouter(new Random(7), "123456789012", meters);

    private static RoutingTable.VariantRoutes variant(String name, double weight, String... ids) {
        List<ServingInstance> instances = new ArrayList<>();
        for (String id : ids) {
            instances.add(new ServingInstance(id, name, 1, List.of("c-" + id), List.of(URI.create("http://127.0.0.1:1"))));
        }
        return new RoutingTable.VariantRoutes(name, weight, instances);
    }

    @Test
    void eachRouteCarriesItsVariantsMeterAndARetryKeepsIt() {
        router.publish("Ep", new RoutingTable(List.of(variant("A", 1, "a1"), variant("B", 0, "b1"))));

        Route a = router.route("ep", Optional.empty());
        Route b = router.route("ep", Optional.of("B"));

        assertThat(a.meter()).isSameAs(meters.made.get("Ep/A"));
        assertThat(b.meter()).isSameAs(meters.made.get("Ep/B"));
        assertThat(meters.made).containsOnlyKeys("Ep/A", "Ep/B");
        router.publish("Ep", new RoutingTable(List.of(variant("A", 1, "a1", "a2"))));
        Route first = router.route("ep", Optional.of("A"));
        assertThat(router.retry(first)).get().extracting(Route::meter).isSameAs(meters.made.get("Ep/A"));
    }

    @Test
    void capacityListsEveryVariantsInstancesAndDeleteForgetsTheMeters() {
        router.publish("ep", new RoutingTable(List.of(variant("A", 1, "a1"), variant("B", 1, "b1"))));

        assertThat(router.capacity()).containsExactlyInAnyOrder(new EndpointRouter.VariantCapacity("ep", "A", 1),
                new EndpointRouter.VariantCapacity("ep", "B", 1));
        router.withdraw("ep");
        assertThat(meters.forgotten).as("a withdrawal (shutdown) keeps the meters").isEmpty();
        router.publish("ep", new RoutingTable(List.of(variant("A", 1, "a1"))));
        router.delete("ep");
        assertThat(meters.forgotten).containsExactly("ep");
        assertThat(router.capacity()).isEmpty();
    }
}
