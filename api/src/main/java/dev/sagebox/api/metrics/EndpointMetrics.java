package dev.sagebox.api.metrics;

import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.InvocationMeter;
import dev.sagebox.hosting.InvocationMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus meters of endpoint invocations, per endpoint and variant: {@code sagebox_endpoint_invocations_total},
 * {@code sagebox_endpoint_invocation_errors_total{kind}} (4xx, 5xx, model_error, timeout), the histograms
 * {@code sagebox_endpoint_model_latency_seconds} and {@code sagebox_endpoint_overhead_latency_seconds}, and the gauge
 * {@code sagebox_endpoint_instances}. Each variant's meters are made once, when its routing is published.
 */
public final class EndpointMetrics implements InvocationMeters {
    private final MeterRegistry registry;
    private final Map<String, VariantMeter> variants = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final MultiGauge instances;

    public EndpointMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.instances = MultiGauge.builder("sagebox.endpoint.instances")
                .description("Instances in service per endpoint variant").register(registry);
    }

    @Override
    public InvocationMeter meter(String endpointName, String variantName) {
        return variants.computeIfAbsent(endpointName + '\n' + variantName,
                k -> new VariantMeter(registry, endpointName, variantName));
    }

    @Override
    public void refused(String endpointName, int httpStatus) {
        String kind = httpStatus >= 500 ? "5xx" : "4xx";
        refusals.computeIfAbsent(endpointName + '\n' + kind, k -> errors(registry, endpointName, "", kind)).increment();
    }

    @Override
    public void forget(String endpointName) {
        String prefix = endpointName + '\n';
        variants.entrySet().removeIf(e -> e.getKey().startsWith(prefix) && e.getValue().removeFrom(registry));
        refusals.entrySet().removeIf(e -> e.getKey().startsWith(prefix) && registry.remove(e.getValue()) != null);
    }

    /** Sets the instance gauge to the routing as it is now; variants no longer routed disappear. */
    public void refreshInstances(List<EndpointRouter.VariantCapacity> capacity) {
        instances.register(capacity.stream().map(c -> MultiGauge.Row.of(
                Tags.of("endpoint", c.endpointName(), "variant", c.variantName()), c.instances())).toList(), true);
    }

    private static Counter errors(MeterRegistry registry, String endpoint, String variant, String kind) {
        return Counter.builder("sagebox.endpoint.invocation.errors")
                .description("Invocations that ended in an error, by kind")
                .tags("endpoint", endpoint, "variant", variant, "kind", kind).register(registry);
    }

    private static Timer latency(MeterRegistry registry, String name, String description, String endpoint,
            String variant) {
        return Timer.builder(name).description(description).tags("endpoint", endpoint, "variant", variant)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** One variant's meters; recording allocates nothing (counters and histograms of fixed buckets). */
    private static final class VariantMeter implements InvocationMeter {
        private final Counter invocations;
        private final Counter modelErrors;
        private final Counter timeouts;
        private final Counter unreachable;
        private final Timer model;
        private final Timer overhead;

        VariantMeter(MeterRegistry registry, String endpoint, String variant) {
            invocations = Counter.builder("sagebox.endpoint.invocations")
                    .description("Invocations routed to the variant").tags("endpoint", endpoint, "variant", variant)
                    .register(registry);
            modelErrors = errors(registry, endpoint, variant, "model_error");
            timeouts = errors(registry, endpoint, variant, "timeout");
            unreachable = errors(registry, endpoint, variant, "5xx");
            model = latency(registry, "sagebox.endpoint.model.latency",
                    "Time spent waiting for the containers' answers", endpoint, variant);
            overhead = latency(registry, "sagebox.endpoint.overhead.latency",
                    "Time spent in Sagebox: signature, routing, forwarding", endpoint, variant);
        }

        /** Takes every meter of the variant out of {@code registry}; true, so it can go from the map too. */
        boolean removeFrom(MeterRegistry registry) {
            for (io.micrometer.core.instrument.Meter m : List.of(invocations, modelErrors, timeouts, unreachable, model,
                    overhead)) {
                registry.remove(m);
            }
            return true;
        }

        @Override
        public void answered(long modelNanos, long overheadNanos) {
            invocations.increment();
            model.record(modelNanos, TimeUnit.NANOSECONDS);
            overhead.record(overheadNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void failed(InvocationFailure failure, long modelNanos, long overheadNanos) {
            invocations.increment();
            switch (failure) {
                case MODEL_4XX, MODEL_5XX -> modelErrors.increment();
                case TIMEOUT -> timeouts.increment();
                case UNREACHABLE -> unreachable.increment();
            }
            if (modelNanos > 0) {
                model.record(modelNanos, TimeUnit.NANOSECONDS);
            }
            overhead.record(overheadNanos, TimeUnit.NANOSECONDS);
        }
    }
}
