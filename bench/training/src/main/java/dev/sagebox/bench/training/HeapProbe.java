package dev.sagebox.bench.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The in-process hook of the server JVM: samples the heap every 50 ms into a file (wall-clock millis, used bytes,
 * used bytes after the last collection summed over the heap pools, committed bytes), then runs Sagebox's own
 * {@code Main}. Only JDK classes, so it adds nothing to the server's class path but itself.
 */
public final class HeapProbe {
    static final String LOG_PROPERTY = "sagebox.bench.heapLog";
    private static final long INTERVAL_MILLIS = 50;

    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(System.getProperty(LOG_PROPERTY));
        Thread sampler = new Thread(() -> sample(log), "bench-heap-probe");
        sampler.setDaemon(true);
        sampler.start();
        dev.sagebox.api.Main.main(args);
    }

    private static void sample(Path log) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .toList();
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            while (!Thread.currentThread().isInterrupted()) {
                MemoryUsage heap = memory.getHeapMemoryUsage();
                long afterGc = 0;
                for (MemoryPoolMXBean pool : heapPools) {
                    MemoryUsage u = pool.getCollectionUsage();
                    afterGc += u == null ? 0 : u.getUsed();
                }
                out.write(System.currentTimeMillis() + " " + heap.getUsed() + " " + afterGc + " " + heap.getCommitted()
                        + "\n");
                out.flush();
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (IOException | InterruptedException e) {
            // The server is going away; the samples written so far stand.
        }
    }
}
