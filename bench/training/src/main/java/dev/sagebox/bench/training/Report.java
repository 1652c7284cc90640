package dev.sagebox.bench.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Collects figures and verdicts as the parts run, and prints them as one table at the end. */
final class Report {
    /** One checked target: what was measured, against which baseline, the ratio, the target and the verdict. */
    record Verdict(String id, String what, String figure, String baseline, String ratio, String target, boolean pass) {
    }

    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void verdict(String id, String what, String figure, String baseline, String ratio, String target, boolean pass) {
        Verdict v = new Verdict(id, what, figure, baseline, ratio, target, pass);
        verdicts.add(v);
        say("%s %s: %s | baseline %s | ratio %s | target %s -> %s", id, what, figure, baseline, ratio, target,
                pass ? "PASS" : "FAIL");
    }

    void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        notes.add(line);
        say("%s", line);
    }

    boolean allPassed() {
        return verdicts.stream().allMatch(Verdict::pass);
    }

    /** Prints everything; {@code complete} is false when the run stopped early, so its targets were not all measured. */
    void print(String header, boolean complete) {
        System.out.println();
        System.out.println(header);
        System.out.println();
        for (String n : notes) {
            System.out.println("  " + n);
        }
        System.out.println();
        for (Verdict v : verdicts) {
            System.out.printf(Locale.ROOT, "  [%s] %s %s%n", v.pass() ? "PASS" : "FAIL", v.id(), v.what());
            System.out.printf(Locale.ROOT, "         sagebox %s | baseline %s | ratio %s | target %s%n", v.figure(),
                    v.baseline(), v.ratio(), v.target());
        }
        System.out.println();
        if (!complete) {
            System.out.println("  RUN INCOMPLETE: not every target was measured");
        } else {
            System.out.println(allPassed() ? "  ALL TARGETS MET" : "  SOME TARGETS MISSED");
        }
    }

    static void say(String format, Object... args) {
        System.err.printf(Locale.ROOT, "bench/training: " + format + "%n", args);
    }

    /**
     * Sagebox against a baseline over repetitions: each repetition's pair was measured back to back, so the median of
     * the per-repetition ratios is the judged figure (load from other work on the host drifts less within a pair);
     * the ratio of medians and of the best figures are shown beside it.
     */
    record Ratios(double pairedMedian, double ofMedians, double ofBest, List<Double> paired) {
        static Ratios of(List<Double> sagebox, List<Double> baseline) {
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < Math.min(sagebox.size(), baseline.size()); i++) {
                paired.add(sagebox.get(i) / baseline.get(i));
            }
            double bestS = sagebox.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            double bestB = baseline.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return new Ratios(median(paired), median(sagebox) / median(baseline), bestS / bestB, List.copyOf(paired));
        }

        String describe() {
            return String.format(Locale.ROOT, "%.2f (per rep %s; of medians %.2f; best/best %.2f)", pairedMedian,
                    paired.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), ofMedians, ofBest);
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    static String mibps(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.0f MiB/s", bytesPerSecond / (1 << 20));
    }

    static String mib(long bytes) {
        return Math.round(bytes / (double) (1 << 20)) + " MiB";
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String list(List<Double> values, String unit, double scale) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v * scale)).reduce((a, b) -> a + ", " + b)
                .map(s -> "[" + s + "] " + unit).orElse("[]");
    }
}
