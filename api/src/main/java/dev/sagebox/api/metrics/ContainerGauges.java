package dev.sagebox.api.metrics;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.SageboxLabels;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sagebox_containers{kind,state}}: this server's labelled containers, by the kind of resource they serve
 * (training-job, endpoint, notebook-instance, …) and whether they run, asked of the engine at each scrape.
 */
public final class ContainerGauges implements PrometheusMetrics.Refresh {
    private final ContainerEngine engine;
    private final String serverId;
    private final MultiGauge gauge;

    public ContainerGauges(ContainerEngine engine, String serverId, MeterRegistry registry) {
        this.engine = engine;
        this.serverId = serverId;
        this.gauge = MultiGauge.builder("sagebox.containers")
                .description("Containers this server started, by resource kind and state").register(registry);
    }

    @Override
    public void refresh() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ContainerState c : engine.containersWithLabels(Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE,
                SageboxLabels.INSTANCE, serverId))) {
            String kind = kindOf(c.labels().getOrDefault(SageboxLabels.RESOURCE, ""));
            counts.merge(kind + '\n' + (c.running() ? "running" : "exited"), 1, Integer::sum);
        }
        gauge.register(counts.entrySet().stream().map(e -> {
            String[] parts = e.getKey().split("\n", 2);
            return MultiGauge.Row.of(Tags.of("kind", parts[0], "state", parts[1]), e.getValue());
        }).toList(), true);
    }

    /** The resource type segment of an ARN ({@code arn:aws:sagemaker:r:a:endpoint/x} → endpoint), else "other". */
    static String kindOf(String arn) {
        int colon = arn.lastIndexOf(':');
        int slash = arn.indexOf('/', Math.max(colon, 0));
        if (colon < 0 || slash < 0) {
            return "other";
        }
        return arn.substring(colon + 1, slash);
    }
}
