package dev.sagebox.bench;

/**
 * The targets and the recorded baselines, and the table they make with one run's figures. Every ratio is
 * value ÷ baseline.
 */
final class Scorecard {
    /** Recorded once on this machine (moto server, DescribeModel, 8 connections); moto cannot be installed here. */
    static final double MOTO_REQUESTS_PER_SECOND = 245;
    static final double MOTO_P50_MILLIS = 32;

    static final double TARGET_REQUESTS_PER_SECOND = 5_000;
    static final double TARGET_P99_MILLIS = 5;
    static final double TARGET_LIST_MILLIS = 20;

    private final Bench.Settings settings;

    Scorecard(Bench.Settings settings) {
        this.settings = settings;
    }

    Report report(Bench.Measured s, Latencies floor, Latencies bare) {
        Report report = new Report();
        Latencies d = s.describeLoad();
        String conns = settings.connections() + " conns";
        report.target("DescribeModel throughput, " + conns, rps(d), ">= 5,000 req/s",
                "moto " + rps(MOTO_REQUESTS_PER_SECOND) + " (recorded)", d.requestsPerSecond() / MOTO_REQUESTS_PER_SECOND,
                d.clean() && d.requestsPerSecond() >= TARGET_REQUESTS_PER_SECOND);
        report.info("  same, against the HTTP floors", rps(d), "Sagebox HTTP layer, fixed body: " + rps(floor),
                d.requestsPerSecond() / floor.requestsPerSecond());
        report.info("", rps(d), "bare Undertow, I/O thread: " + rps(bare),
                d.requestsPerSecond() / bare.requestsPerSecond());
        report.target("DescribeModel p99, " + conns, ms(d.percentileMillis(99)), "<= 5 ms",
                "Sagebox HTTP layer p99 " + ms(floor.percentileMillis(99)),
                d.percentileMillis(99) / floor.percentileMillis(99),
                d.clean() && d.percentileMillis(99) <= TARGET_P99_MILLIS);
        report.info("DescribeModel p50, " + conns, ms(d.percentileMillis(50)),
                "moto p50 " + ms(MOTO_P50_MILLIS) + " (recorded)", d.percentileMillis(50) / MOTO_P50_MILLIS);
        report.info("", ms(d.percentileMillis(50)), "Sagebox HTTP layer p50 " + ms(floor.percentileMillis(50)),
                d.percentileMillis(50) / floor.percentileMillis(50));
        String models = String.format("%,d", settings.models()) + " models";
        listRows(report, "ListModels NameContains, " + models, s.listFiltered(), s.describeSingle());
        listRows(report, "ListModels no filter, " + models, s.listFirstPage(), s.describeSingle());
        report.info("CreateModel seeding, " + conns, rps(s.seed()), "-", Double.NaN);
        if (s.storeBytesAfterSeed() > 0 && s.storeBytesAfterReads() > 0) {
            report.info("H2 file after the read-only phases", mb(s.storeBytesAfterReads()),
                    "after seeding " + mb(s.storeBytesAfterSeed()),
                    (double) s.storeBytesAfterReads() / s.storeBytesAfterSeed());
        }
        return report;
    }

    /** A page of ListModels against a single-row read, both on one connection with nothing else running. */
    private static void listRows(Report report, String metric, Latencies list, Latencies describe) {
        for (double p : new double[] {50, 99}) {
            String label = p == 50 ? "p50" : "p99";
            report.target(metric + " " + label, ms(list.percentileMillis(p)), "<= 20 ms",
                    "DescribeModel " + label + ", 1 conn, " + ms(describe.percentileMillis(p)),
                    list.percentileMillis(p) / describe.percentileMillis(p),
                    list.clean() && list.percentileMillis(p) <= TARGET_LIST_MILLIS);
        }
    }

    private static String rps(Latencies l) {
        return rps(l.requestsPerSecond());
    }

    private static String rps(double value) {
        return String.format("%,.0f req/s", value);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static String ms(double value) {
        return value < 1 ? String.format("%.3f ms", value) : String.format("%.2f ms", value);
    }
}
