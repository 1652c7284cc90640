package dev.sagebox.api.cloudwatch;

import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.InvocationMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One endpoint variant's invocations, second by second, for CloudWatch: a few slots of atomic counters that the
 * router's threads add to (no allocation, no lock) and that {@link #drain} turns into points once their second is
 * over. A slot is reused four seconds later, after the drain (run every second) has emptied it.
 */
final class VariantSeconds implements InvocationMeter {
    static final String NAMESPACE = "AWS/SageMaker";
    private static final int SLOTS = 4;
    private static final long EMPTY = -1;
    private static final int INVOCATIONS = 0;
    private static final int ERRORS_4XX = 1;
    private static final int ERRORS_5XX = 2;
    /** Model latency: count, sum, min, max (µs), then the buckets; overhead latency likewise after them. */
    private static final int MODEL = 3;
    private static final int LATENCY_WIDTH = 4 + LatencyBuckets.COUNT;
    private static final int OVERHEAD = MODEL + LATENCY_WIDTH;
    private static final int STRIDE = OVERHEAD + LATENCY_WIDTH;

    private final String endpointName;
    private final String variantName;
    private final LongSupplier nowMillis;
    private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);
    private final AtomicLongArray data = new AtomicLongArray(SLOTS * STRIDE);

    VariantSeconds(String endpointName, String variantName, LongSupplier nowMillis) {
        this.endpointName = endpointName;
        this.variantName = variantName;
        this.nowMillis = nowMillis;
        for (int slot = 0; slot < SLOTS; slot++) {
            clear(slot);
        }
    }

    String endpointName() {
        return endpointName;
    }

    String variantName() {
        return variantName;
    }

    @Override
    public void answered(long modelNanos, long overheadNanos) {
        int base = slot();
        data.incrementAndGet(base + INVOCATIONS);
        latency(base + MODEL, modelNanos / 1000);
        latency(base + OVERHEAD, overheadNanos / 1000);
    }

    @Override
    public void failed(InvocationFailure failure, long modelNanos, long overheadNanos) {
        int base = slot();
        data.incrementAndGet(base + INVOCATIONS);
        data.incrementAndGet(base + (failure == InvocationFailure.MODEL_4XX ? ERRORS_4XX : ERRORS_5XX));
        if (modelNanos > 0) {
            latency(base + MODEL, modelNanos / 1000);
        }
        latency(base + OVERHEAD, overheadNanos / 1000);
    }

    /** The data offset of this second's slot, claimed if it is empty. */
    private int slot() {
        long second = Math.floorDiv(nowMillis.getAsLong(), 1000);
        int slot = (int) (second & (SLOTS - 1));
        long held = seconds.get(slot);
        if (held != second && held == EMPTY) {
            seconds.compareAndSet(slot, EMPTY, second);
        }
        // A slot still holding an older second (the drain fell behind by seconds) takes this one's counts too.
        return slot * STRIDE;
    }

    private void latency(int at, long micros) {
        data.incrementAndGet(at);
        data.addAndGet(at + 1, micros);
        long min;
        while (micros < (min = data.get(at + 2)) && !data.compareAndSet(at + 2, min, micros)) {
            // retry: another thread lowered it meanwhile
        }
        long max;
        while (micros > (max = data.get(at + 3)) && !data.compareAndSet(at + 3, max, micros)) {
            // retry
        }
        data.incrementAndGet(at + 4 + LatencyBuckets.of(micros));
    }

    /**
     * The points of every second before {@code beforeSecond} that has counts, emptying their slots;
     * {@code instances} is the variant's instance count now (for InvocationsPerInstance).
     */
    List<SecondPoint> drain(long beforeSecond, int instances) {
        List<SecondPoint> out = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            long second = seconds.get(slot);
            if (second == EMPTY || second >= beforeSecond) {
                continue;
            }
            int base = slot * STRIDE;
            long[] copy = new long[STRIDE];
            for (int i = 0; i < STRIDE; i++) {
                copy[i] = data.getAndSet(base + i, 0);
            }
            clear(slot);
            long n = copy[INVOCATIONS];
            if (n == 0) {
                continue;
            }
            out.add(point("Invocations", second, (double) n, (double) n, 1, 1, "Count"));
            out.add(rate("Invocation4XXErrors", second, n, copy[ERRORS_4XX]));
            out.add(rate("Invocation5XXErrors", second, n, copy[ERRORS_5XX]));
            double perInstance = (double) n / Math.max(1, instances);
            out.add(point("InvocationsPerInstance", second, 1, perInstance, perInstance, perInstance, "None"));
            latencyPoint("ModelLatency", second, copy, MODEL).ifPresent(out::add);
            latencyPoint("OverheadLatency", second, copy, OVERHEAD).ifPresent(out::add);
        }
        return out;
    }

    private void clear(int slot) {
        int base = slot * STRIDE;
        data.set(base + MODEL + 2, Long.MAX_VALUE);
        data.set(base + OVERHEAD + 2, Long.MAX_VALUE);
        seconds.set(slot, EMPTY);
    }

    private SecondPoint point(String metric, long second, double count, double sum, double min, double max,
            String unit) {
        return new SecondPoint(series(metric), second, count, sum, min, max, unit, Optional.empty());
    }

    /** An error metric as AWS has it: one sample per invocation, 1 for an error and 0 otherwise. */
    private SecondPoint rate(String metric, long second, long invocations, long errors) {
        return point(metric, second, (double) invocations, (double) errors, errors == invocations ? 1 : 0,
                errors > 0 ? 1 : 0, "Count");
    }

    private Optional<SecondPoint> latencyPoint(String metric, long second, long[] copy, int at) {
        long count = copy[at];
        if (count == 0) {
            return Optional.empty();
        }
        long[] buckets = new long[LatencyBuckets.COUNT];
        System.arraycopy(copy, at + 4, buckets, 0, buckets.length);
        return Optional.of(new SecondPoint(series(metric), second, count, copy[at + 1], copy[at + 2], copy[at + 3],
                "Microseconds", Optional.of(buckets)));
    }

    private SeriesKey series(String metric) {
        return SeriesKey.of(NAMESPACE, metric, Map.of("EndpointName", endpointName, "VariantName", variantName));
    }
}
