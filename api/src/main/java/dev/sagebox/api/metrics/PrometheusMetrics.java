package dev.sagebox.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sagebox's Prometheus registry: the JVM's own meters, the ones Sagebox's components record into, and gauges whose
 * values are read from their sources when scraped (records by status, containers, the database, the HTTP server).
 */
public final class PrometheusMetrics implements AutoCloseable {
    /** The text exposition format every Prometheus server reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Refresh> refreshers = new CopyOnWriteArrayList<>();

    /** Something that brings gauges up to date just before a scrape (reads a database, asks the engine). */
    @FunctionalInterface
    public interface Refresh {
        void refresh();
    }

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape; one that fails leaves its gauges as they were and is logged. */
    public void refreshBeforeScrape(Refresh refresh) {
        refreshers.add(refresh);
    }

    /** Every meter in the Prometheus text format, gauges refreshed first. */
    public String scrape() {
        for (Refresh r : refreshers) {
            try {
                r.refresh();
            } catch (RuntimeException e) {
                LOG.debug("a metrics source did not answer: {}", e.toString());
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
