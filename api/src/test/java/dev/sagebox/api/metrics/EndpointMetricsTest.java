package dev.sagebox.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.InvocationMeter;
import dev.sagebox.hosting.InvocationMeters;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Prometheus side of endpoint invocations: names and labels as the issue gives them, no allocation to record. */
class EndpointMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final EndpointMetrics endpoints = new EndpointMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void invocationsErrorsLatenciesAndInstancesArePublishedPerEndpointAndVariant() {
        InvocationMeter a = endpoints.meter("ep", "A");
        a.answered(2_000_000, 100_000);
        a.answered(4_000_000, 100_000);
        a.failed(InvocationFailure.MODEL_5XX, 1_000_000, 50_000);
        a.failed(InvocationFailure.TIMEOUT, 60_000_000_000L, 50_000);
        a.failed(InvocationFailure.UNREACHABLE, 0, 50_000);
        endpoints.refused("ep", 400);
        endpoints.refreshInstances(List.of(new EndpointRouter.VariantCapacity("ep", "A", 2)));

        String text = metrics.scrape();

        assertThat(text)
                .contains("sagebox_endpoint_invocations_total{endpoint=\"ep\",variant=\"A\"} 5.0\n")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"ep\",kind=\"model_error\",variant=\"A\"} 1.0")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"ep\",kind=\"timeout\",variant=\"A\"} 1.0")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"ep\",kind=\"5xx\",variant=\"A\"} 1.0")
                .contains("sagebox_endpoint_invocation_errors_total{endpoint=\"ep\",kind=\"4xx\",variant=\"\"} 1.0")
                .contains("sagebox_endpoint_model_latency_seconds_count{endpoint=\"ep\",variant=\"A\"} 4\n")
                .contains("sagebox_endpoint_overhead_latency_seconds_count{endpoint=\"ep\",variant=\"A\"} 5\n")
                .contains("sagebox_endpoint_model_latency_seconds_bucket{endpoint=\"ep\",variant=\"A\",le=\"+Inf\"} 4")
                .contains("sagebox_endpoint_instances{endpoint=\"ep\",variant=\"A\"} 2.0\n");
        assertThat(endpoints.meter("ep", "A")).as("one meter per variant").isSameAs(a);
    }

    @Test
    void aVariantNoLongerRoutedLeavesTheInstanceGauge() {
        endpoints.refreshInstances(List.of(new EndpointRouter.VariantCapacity("gone", "A", 1)));
        endpoints.refreshInstances(List.of());

        assertThat(metrics.scrape()).doesNotContain("sagebox_endpoint_instances{endpoint=\"gone\"");
    }

    @Test
    void aDeletedEndpointsSeriesGoWhileOthersStay() {
        endpoints.meter("deleted", "A").answered(1, 1);
        endpoints.refused("deleted", 400);
        endpoints.meter("deleted-not", "A").answered(1, 1);

        endpoints.forget("deleted");

        assertThat(metrics.scrape()).doesNotContain("endpoint=\"deleted\"")
                .contains("sagebox_endpoint_invocations_total{endpoint=\"deleted-not\",variant=\"A\"} 1.0");
        assertThat(endpoints.meter("deleted", "A")).as("a new endpoint of the same name starts afresh").isNotNull();
    }

    @Test
    void recordingAnInvocationAllocatesNothing() {
        InvocationMeter meter = endpoints.and(InvocationMeters.NONE).meter("hot", "A");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) { // warm-up: the JIT's own first-call work is not the meter's
            record(meter, i);
        }
        // The least of five rounds: a round may still catch the JIT replacing a method under way (on-stack
        // replacement allocates a little once), more so on a busy machine; a meter that allocates does so in each.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                record(meter, i);
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }

        assertThat(allocated).as("bytes allocated by 100,000 recordings").isLessThan(1_000);
    }

    private static void record(InvocationMeter meter, int i) {
        if (i % 10 == 0) {
            meter.failed(InvocationFailure.MODEL_4XX, 1_000 + i, 500);
        } else {
            meter.answered(1_000_000 + i, 30_000 + i);
        }
    }
}
