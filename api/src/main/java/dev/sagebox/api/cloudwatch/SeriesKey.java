package dev.sagebox.api.cloudwatch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** One CloudWatch metric: namespace, name and dimensions (a metric is the exact set of its dimensions). */
public record SeriesKey(String namespace, String metricName, SortedMap<String, String> dimensions) {
    private static final char PAIR = '\u001e';
    private static final char EQUALS = '\u001f';

    public SeriesKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        dimensions = new TreeMap<>(dimensions);
    }

    public static SeriesKey of(String namespace, String metricName, Map<String, String> dimensions) {
        return new SeriesKey(namespace, metricName, new TreeMap<>(dimensions));
    }

    /** The dimensions as one string that sorts and compares like the set (stored with each point). */
    public String dimensionsText() {
        StringBuilder out = new StringBuilder();
        dimensions.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append(PAIR);
            }
            out.append(name).append(EQUALS).append(value);
        });
        return out.toString();
    }

    /** The inverse of {@link #dimensionsText}. */
    public static SortedMap<String, String> dimensionsOf(String text) {
        SortedMap<String, String> out = new TreeMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split(String.valueOf(PAIR))) {
            int eq = pair.indexOf(EQUALS);
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    /** Dimensions in the order they are shown (by name). */
    public Map<String, String> dimensionsInOrder() {
        return new LinkedHashMap<>(dimensions);
    }
}
