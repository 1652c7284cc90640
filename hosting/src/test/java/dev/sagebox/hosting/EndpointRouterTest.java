package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The router's weight math with a seeded random, even spread within a variant, targets and retries. */
class EndpointRouterTest {
    private final EndpointRouter router = new EndpointRouter(new Random(42), "123456789012");

    private static ServingInstance instance(String variant, String id, int port) {
        return new ServingInstance(id, variant, 1, List.of("c-" + id), List.of(URI.create("http://127.0.0.1:" + port)));
    }

    private static RoutingTable table(double weightA, List<ServingInstance> a, double weightB, List<ServingInstance> b) {
        return new RoutingTable(List.of(new RoutingTable.VariantRoutes("A", weightA, a),
                new RoutingTable.VariantRoutes("B", weightB, b)));
    }

    private Map<String, Integer> spread(int invocations, Optional<String> target) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < invocations; i++) {
            Route route = router.route("ep", target);
            counts.merge(route.variantName() + "/" + route.instanceId(), 1, Integer::sum);
            route.release();
        }
        return counts;
    }

    @Test
    void variantsGetTrafficInProportionToTheirWeightsWithinOnePoint() {
        router.publish("ep", table(3, List.of(instance("A", "a1", 1), instance("A", "a2", 2)), 1,
                List.of(instance("B", "b1", 3))));
        Map<String, Integer> counts = spread(100_000, Optional.empty());
        int a = counts.get("A/a1") + counts.get("A/a2");
        assertThat(a / 100_000.0).isBetween(0.74, 0.76);
        assertThat(Math.abs(counts.get("A/a1") - counts.get("A/a2"))).isLessThanOrEqualTo(1);
    }

    @Test
    void zeroWeightGetsNothingAndTargetVariantOverridesTheWeights() {
        router.publish("ep", table(0, List.of(instance("A", "a1", 1)), 1, List.of(instance("B", "b1", 3))));
        assertThat(spread(1000, Optional.empty())).containsOnlyKeys("B/b1");
        assertThat(spread(10, Optional.of("A"))).containsOnlyKeys("A/a1");
    }

    @Test
    void theLeastBusyInstanceIsChosen() {
        router.publish("ep", table(1, List.of(instance("A", "a1", 1), instance("A", "a2", 2)), 0, List.of()));
        List<Route> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(router.route("ep", Optional.empty()));
        }
        assertThat(held.stream().filter(r -> r.instanceId().equals("a1")).count()).isEqualTo(5);
        held.forEach(Route::release);
    }

    @Test
    void aRetryGoesToAnotherInstanceOfTheSameVariant() {
        router.publish("ep", table(1, List.of(instance("A", "a1", 1), instance("A", "a2", 2)), 1,
                List.of(instance("B", "b1", 3))));
        Route first = router.route("ep", Optional.of("A"));
        Route second = router.retry(first).orElseThrow();
        assertThat(second.variantName()).isEqualTo("A");
        assertThat(second.instanceId()).isNotEqualTo(first.instanceId());
        router.publish("ep", table(1, List.of(instance("A", "a1", 1)), 1, List.of()));
        Route only = router.route("ep", Optional.of("A"));
        assertThat(router.retry(only)).isEmpty();
    }

    @Test
    void unknownEndpointsAndVariantsAreRuntimeValidationErrors() {
        assertThatThrownBy(() -> router.route("nope", Optional.empty()))
                .isInstanceOfSatisfying(SageboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Endpoint nope of account 123456789012 not found.");
                });
        router.publish("ep", table(1, List.of(instance("A", "a1", 1)), 1, List.of()));
        assertThatThrownBy(() -> router.route("EP", Optional.of("C")))
                .isInstanceOfSatisfying(SageboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        router.withdraw("ep");
        assertThatThrownBy(() -> router.route("ep", Optional.empty())).isInstanceOf(SageboxException.class);
    }
}
