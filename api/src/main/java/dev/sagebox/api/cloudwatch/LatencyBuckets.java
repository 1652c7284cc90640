package dev.sagebox.api.cloudwatch;

/**
 * Fixed log-scale buckets for latencies in microseconds: four per power of two (at most 19% wide), from below 1 µs
 * to about 36 minutes, so per-second histograms are arrays of counts that merge by adding and give percentiles
 * within a bucket's width.
 */
public final class LatencyBuckets {
    /** Bucket 0 holds values below 1; bucket 1 + 4e + s holds [2^e (1 + s/4), 2^e (1 + (s+1)/4)). */
    public static final int COUNT = 1 + 4 * 32;

    private LatencyBuckets() {
    }

    public static int of(long micros) {
        if (micros < 1) {
            return 0;
        }
        int e = 63 - Long.numberOfLeadingZeros(micros);
        if (e >= 32) {
            return COUNT - 1;
        }
        int sub = e >= 2 ? (int) ((micros >>> (e - 2)) & 3) : (int) ((micros << (2 - e)) & 3);
        return 1 + 4 * e + sub;
    }

    public static double lower(int bucket) {
        if (bucket == 0) {
            return 0;
        }
        int e = (bucket - 1) / 4;
        int sub = (bucket - 1) % 4;
        return Math.scalb(1.0 + sub / 4.0, e);
    }

    public static double upper(int bucket) {
        return bucket == 0 ? 1 : bucket == COUNT - 1 ? Double.MAX_VALUE : lower(bucket + 1);
    }

    /**
     * The {@code p}th percentile (0 < p <= 100) of the counts, as the middle of the bucket it falls in, kept within
     * the observed {@code min} and {@code max}.
     */
    public static double percentile(long[] counts, double p, double min, double max) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                double mid = i == COUNT - 1 ? lower(i) : (lower(i) + upper(i)) / 2;
                return Math.min(max, Math.max(min, mid));
            }
        }
        return max;
    }
}
