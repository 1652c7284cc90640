package dev.sagebox.bench;

import java.util.Arrays;

/**
 * The outcome of one timed run: every request's latency, sorted, and the wall time the run took. A sorted array
 * gives exact percentiles for the few hundred thousand samples a run makes, so no histogram library is needed.
 *
 * @param sortedNanos per-request latency, ascending
 * @param wallNanos from the first request sent to the last response read, over all connections
 * @param errors requests answered with a status other than 200, or not answered
 * @param firstError what the first failed request got back, for the report
 * @param cutShort whether the run hit its time limit before sending every request
 */
record Latencies(long[] sortedNanos, long wallNanos, int errors, String firstError, boolean cutShort) {

    static Latencies of(long[] nanos, long wallNanos, int errors, String firstError, boolean cutShort) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted, wallNanos, errors, firstError, cutShort);
    }

    int count() {
        return sortedNanos.length;
    }

    double requestsPerSecond() {
        return wallNanos == 0 ? 0 : count() * 1e9 / wallNanos;
    }

    /** The nearest-rank percentile in milliseconds: the smallest sample with at least p% of samples at or below it. */
    double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** Whether every request was sent and answered 200. */
    boolean clean() {
        return errors == 0 && !cutShort && sortedNanos.length > 0;
    }

    String summary() {
        return String.format("%,d requests in %.2f s = %,.0f req/s; p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%s",
                count(), wallNanos / 1e9, requestsPerSecond(), percentileMillis(50), percentileMillis(99),
                percentileMillis(99.9), maxMillis(),
                clean() ? "" : String.format(" [%d errors%s%s]", errors, cutShort ? ", cut short by the time limit" : "",
                        firstError == null ? "" : "; first: " + firstError));
    }
}
