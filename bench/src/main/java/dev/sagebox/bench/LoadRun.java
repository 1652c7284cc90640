package dev.sagebox.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code connections} threads, each with its own keep-alive connection, send requests back to
 * back until {@code total} have been sent or the time limit passes. Thread t sends request t, t+n, t+2n, … of the
 * list (wrapping), so every connection sees a mix of resources. Each latency is System.nanoTime() from the first
 * byte written to the last byte read. A response that fails the check, or a connection the server drops (the thread
 * then reconnects), counts as an error and leaves the run unclean.
 *
 * @param port where the server listens on 127.0.0.1
 * @param connections how many threads, and so connections, send at once
 * @param total how many requests to send over all connections
 * @param timeLimit when to stop even if not every request was sent, so a slow server cannot hang the run
 * @param check what an acceptable response is; the default is status 200
 */
record LoadRun(int port, int connections, int total, Duration timeLimit, Check check) {

    /** Says what is wrong with a response, or null when it is acceptable. */
    @FunctionalInterface
    interface Check {
        String problem(int index, Response response);

        Check OK = (index, r) -> r.status() == 200 ? null : "HTTP " + r.status() + ": " + abbreviate(r.text());
    }

    LoadRun {
        if (connections < 1 || total < connections) {
            throw new IllegalArgumentException("need at least one request per connection");
        }
    }

    static LoadRun of(int port, int connections, int total, Duration timeLimit) {
        return new LoadRun(port, connections, total, timeLimit, Check.OK);
    }

    Latencies run(List<byte[]> requests) throws InterruptedException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests to send");
        }
        long[][] samples = new long[connections][];
        int[] counts = new int[connections];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicInteger cutShort = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        long[] finishedAt = new long[connections];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int id = t;
            int mine = total / connections + (id < total % connections ? 1 : 0);
            samples[id] = new long[mine];
            Thread thread = new Thread(() -> {
                try {
                    HttpConnection connection;
                    try {
                        connection = new HttpConnection(port);
                    } catch (IOException e) {
                        error(errors, firstError, "cannot connect: " + e);
                        cutShort.incrementAndGet();
                        return;
                    } finally {
                        connected.countDown();
                    }
                    HttpConnection c = connection;
                    try {
                        go.await();
                        long deadline = System.nanoTime() + timeLimit.toNanos();
                        int n = 0;
                        for (int i = id; n < mine; i += connections, n++) {
                            if (System.nanoTime() > deadline) {
                                cutShort.incrementAndGet();
                                break;
                            }
                            byte[] request = requests.get(i % requests.size());
                            long start = System.nanoTime();
                            Response response;
                            try {
                                response = c.exchange(request);
                            } catch (IOException e) {
                                // A dropped connection is an error (the run is not clean); carry on with a new one.
                                error(errors, firstError, e.getMessage());
                                c.close();
                                try {
                                    c = new HttpConnection(port);
                                } catch (IOException again) {
                                    error(errors, firstError, "cannot reconnect: " + again);
                                    cutShort.incrementAndGet();
                                    break;
                                }
                                continue;
                            }
                            long elapsed = System.nanoTime() - start;
                            String problem = check.problem(i, response);
                            if (problem != null) {
                                error(errors, firstError, problem);
                            } else {
                                samples[id][counts[id]++] = elapsed;
                            }
                        }
                    } finally {
                        c.close();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finishedAt[id] = System.nanoTime();
                    done.countDown();
                }
            }, "load-" + id);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        connected.await();
        long start = System.nanoTime();
        go.countDown();
        // The threads stop themselves at the time limit; the extra margin covers one last slow response.
        if (!done.await(timeLimit.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
            threads.forEach(Thread::interrupt);
            throw new IllegalStateException("load threads did not stop within the time limit");
        }
        long end = start;
        for (long f : finishedAt) {
            end = Math.max(end, f);
        }
        int n = 0;
        for (int count : counts) {
            n += count;
        }
        long[] all = new long[n];
        int at = 0;
        for (int t = 0; t < connections; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        return Latencies.of(all, end - start, errors.get(), firstError.get(), cutShort.get() > 0);
    }

    private static void error(AtomicInteger errors, AtomicReference<String> first, String what) {
        errors.incrementAndGet();
        first.compareAndSet(null, what);
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
