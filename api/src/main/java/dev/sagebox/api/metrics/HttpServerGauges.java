package dev.sagebox.api.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;
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

    /**
     * The invocation lane's figures: its threads, the invocations it served and the connections it passed on to
     * Undertow (each from its first request the lane does not serve), read from {@code lane}.
     */
    public static <T> void bindLane(T lane, int threads, ToLongFunction<T> served, ToLongFunction<T> passedOn,
            MeterRegistry registry) {
        Gauge.builder("sagebox.invocation.lane.threads", () -> threads)
                .description("Threads of the invocation lane").register(registry);
        FunctionCounter.builder("sagebox.invocation.lane.invocations", lane, l -> served.applyAsLong(l))
                .description("Invocations the lane served itself").register(registry);
        FunctionCounter.builder("sagebox.invocation.lane.connections.passed.on", lane, l -> passedOn.applyAsLong(l))
                .description("Client connections the lane passed on to Undertow").register(registry);
    }
}
