package dev.sagebox.api.cloudwatch;

import java.util.Objects;
import java.util.Optional;

/**
 * What one metric received in one second: a statistic set (count, sum, minimum, maximum) and, for latencies, the
 * counts per {@link LatencyBuckets} bucket, from which percentiles come.
 */
public record SecondPoint(SeriesKey series, long second, double sampleCount, double sum, double minimum,
        double maximum, String unit, Optional<long[]> buckets) {
    public SecondPoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(buckets, "buckets");
    }

    /** Sparse text of the bucket counts, {@code index:count,…} (stored with the point). */
    public static String bucketsText(long[] counts) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(i).append(':').append(counts[i]);
            }
        }
        return out.toString();
    }

    public static long[] bucketsOf(String text) {
        long[] counts = new long[LatencyBuckets.COUNT];
        if (text == null || text.isEmpty()) {
            return counts;
        }
        for (String entry : text.split(",")) {
            int colon = entry.indexOf(':');
            counts[Integer.parseInt(entry.substring(0, colon))] += Long.parseLong(entry.substring(colon + 1));
        }
        return counts;
    }
}
