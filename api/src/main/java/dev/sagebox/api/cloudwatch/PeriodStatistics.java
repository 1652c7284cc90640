package dev.sagebox.api.cloudwatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The statistics of one period: a statistic set merged from one-second points or raw values, and what percentiles
 * need (the values themselves, or merged latency buckets).
 */
final class PeriodStatistics {
    private double count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final List<Double> values = new ArrayList<>();
    private long[] buckets;
    private boolean approximate;

    void add(SecondPoint p) {
        count += p.sampleCount();
        sum += p.sum();
        min = Math.min(min, p.minimum());
        max = Math.max(max, p.maximum());
        if (p.buckets().isPresent()) {
            if (buckets == null) {
                buckets = new long[LatencyBuckets.COUNT];
            }
            long[] b = p.buckets().get();
            for (int i = 0; i < b.length; i++) {
                buckets[i] += b[i];
            }
        } else {
            // A statistic set without buckets: its percentiles are its own average, the best that is known.
            approximate = true;
            values.add(p.sampleCount() == 0 ? 0 : p.sum() / p.sampleCount());
        }
    }

    void add(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        values.add(value);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** SampleCount, Average, Sum, Minimum, Maximum or pNN(.NN); NaN for an unknown name. */
    double get(String statistic) {
        return switch (statistic) {
            case "SampleCount" -> count;
            case "Average" -> count == 0 ? 0 : sum / count;
            case "Sum" -> sum;
            case "Minimum" -> min;
            case "Maximum" -> max;
            default -> percentile(Statistics.percentileOf(statistic));
        };
    }

    private double percentile(double p) {
        if (buckets != null && !approximate) {
            return LatencyBuckets.percentile(buckets, p, min, max);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
