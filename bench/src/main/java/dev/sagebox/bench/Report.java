package dev.sagebox.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The result table: one row per measured figure, with its target, its baseline and value ÷ baseline. */
final class Report {
    enum Result { PASS, FAIL, INFO }

    /** A row; {@code ratio} is value ÷ baseline, NaN when there is none. */
    record Row(String metric, String value, String target, String baseline, double ratio, Result result) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** A figure with a target: PASS when {@code met}, else FAIL. */
    void target(String metric, String value, String target, String baseline, double ratio, boolean met) {
        add(new Row(metric, value, target, baseline, ratio, met ? Result.PASS : Result.FAIL));
    }

    /** A figure shown for comparison only. */
    void info(String metric, String value, String baseline, double ratio) {
        add(new Row(metric, value, "-", baseline, ratio, Result.INFO));
    }

    boolean allPassed() {
        return rows.stream().noneMatch(r -> r.result() == Result.FAIL);
    }

    void print(PrintStream out) {
        String[] head = {"metric", "value", "target", "baseline", "ratio", "result"};
        int[] width = new int[head.length];
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(new String[] {r.metric(), r.value(), r.target(), r.baseline(),
                    Double.isNaN(r.ratio()) ? "-" : ratio(r.ratio()), r.result().name()});
        }
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        for (int l = 0; l < cells.size(); l++) {
            StringBuilder s = new StringBuilder();
            String[] line = cells.get(l);
            for (int i = 0; i < line.length; i++) {
                boolean numeric = i == 1 || i == 4;
                String cell = numeric && l > 0 ? pad(line[i], width[i], true) : pad(line[i], width[i], false);
                s.append(cell).append("  ");
            }
            out.println(s.toString().stripTrailing());
            if (l == 0) {
                out.println(rule.toString().stripTrailing());
            }
        }
    }

    private static String ratio(double r) {
        return r >= 10 ? String.format("%.0fx", r) : r >= 0.1 ? String.format("%.2fx", r) : String.format("%.3fx", r);
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
