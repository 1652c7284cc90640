package dev.sagebox.api.metrics;

import dev.sagebox.api.db.H2Figures;
import dev.sagebox.core.ResourceType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges read from the record store at each scrape: resources by status ({@code sagebox_training_jobs{status}},
 * {@code sagebox_endpoints{status}}, … one per resource type), and H2's figures ({@code sagebox_h2_*}).
 */
public final class RecordGauges implements PrometheusMetrics.Refresh {
    private final H2Figures figures;
    private final Map<ResourceType, MultiGauge> byType = new EnumMap<>(ResourceType.class);
    private final Map<String, Long> engine = new ConcurrentHashMap<>();
    private final MultiGauge engineGauge;

    public RecordGauges(H2Figures figures, MeterRegistry registry) {
        this.figures = figures;
        for (ResourceType type : ResourceType.values()) {
            byType.put(type, MultiGauge.builder("sagebox." + plural(type))
                    .description("Records of " + type.arnSegment() + "s, by status").register(registry));
        }
        Gauge.builder("sagebox.h2.connections.active", figures, H2Figures::activeConnections)
                .description("Record store connections in use").register(registry);
        Gauge.builder("sagebox.h2.file", figures, f -> f.fileBytes().orElse(0)).baseUnit("bytes")
                .description("Size of the record store's file").register(registry);
        engineGauge = MultiGauge.builder("sagebox.h2.info")
                .description("H2's own figures (INFORMATION_SCHEMA.SETTINGS info.*), by setting").register(registry);
    }

    @Override
    public void refresh() {
        Map<ResourceType, List<MultiGauge.Row<?>>> rows = new EnumMap<>(ResourceType.class);
        for (ResourceType type : ResourceType.values()) {
            rows.put(type, new ArrayList<>());
        }
        for (H2Figures.StatusCount count : figures.byTypeAndStatus()) {
            rows.get(count.type()).add(MultiGauge.Row.of(Tags.of("status", count.status()), count.count()));
        }
        rows.forEach((type, r) -> byType.get(type).register(r, true));
        engine.clear();
        engine.putAll(figures.engineFigures());
        engineGauge.register(engine.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("setting", e.getKey()), e.getValue())).toList(), true);
    }

    /** training-job → training_jobs, hyper-parameter-tuning-job → hyper_parameter_tuning_jobs. */
    private static String plural(ResourceType type) {
        return type.arnSegment().replace('-', '_').toLowerCase(Locale.ROOT) + "s";
    }
}
