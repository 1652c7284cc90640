package dev.sagebox.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.xnio.management.XnioWorkerMXBean;

/**
 * The HTTP server's figures from its XNIO worker: I/O threads, worker threads busy and in the pool, tasks queued.
 * Read when scraped; nothing is counted on the request path.
 */
public final class HttpServerGauges {
    private HttpServerGauges() {
    }

    public static void bind(XnioWorkerMXBean worker, MeterRegistry registry) {
        Gauge.builder("sagebox.http.io.threads", worker, XnioWorkerMXBean::getIoThreadCount)
                .description("I/O threads of the API server").register(registry);
        Gauge.builder("sagebox.http.worker.threads.busy", worker, XnioWorkerMXBean::getBusyWorkerThreadCount)
                .description("Worker threads running a request").register(registry);
        Gauge.builder("sagebox.http.worker.threads", worker, XnioWorkerMXBean::getWorkerPoolSize)
                .description("Worker threads in the pool").register(registry);
        Gauge.builder("sagebox.http.worker.queue", worker, XnioWorkerMXBean::getWorkerQueueSize)
                .description("Requests waiting for a worker thread").register(registry);
    }
}
