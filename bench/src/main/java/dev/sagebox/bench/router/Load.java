package dev.sagebox.bench.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a number of requests against a target from a number of clients; latencies, throughput, and a header tally. */
final class Load {
    /** What one run measured. */
    record Result(String target, int clients, int requests, double seconds, long[] nanos, Map<String, Integer> tally,
            int failures) {
        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    private Load() {
    }

    static Result run(Target target, byte[] body, int clients, int requests, String tallyHeader) throws Exception {
        byte[] request = target.request(body);
        long[] nanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Map<String, Integer> tally = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                LoopbackClient client = new LoopbackClient(target.host(), target.port(), request, tallyHeader);
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        LoopbackClient.Answer answer;
                        try {
                            answer = client.call();
                        } catch (java.io.IOException closed) {
                            // A server that drops a kept-alive connection without answering fails that request;
                            // the client reconnects so the run still measures the rest.
                            nanos[i] = System.nanoTime() - t0;
                            failures.incrementAndGet();
                            System.err.println("bench-router: " + target.name() + " request " + i + " failed: "
                                    + closed.getMessage());
                            client.close();
                            client = new LoopbackClient(target.host(), target.port(), request, tallyHeader);
                            continue;
                        }
                        nanos[i] = System.nanoTime() - t0;
                        if (answer.status() != 200) {
                            if (failures.incrementAndGet() <= 5) {
                                System.err.println("bench-router: " + target.name() + " request " + i + " answered "
                                        + answer.status());
                            }
                        }
                        if (tallyHeader != null) {
                            tally.merge(String.valueOf(answer.header()), 1, Integer::sum);
                        }
                    }
                } finally {
                    client.close();
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Result(target.name(), clients, requests, seconds, nanos, Map.copyOf(tally), failures.get());
    }
}
