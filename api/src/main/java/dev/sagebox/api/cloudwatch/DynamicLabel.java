package dev.sagebox.api.cloudwatch;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GetMetricData label with CloudWatch's dynamic values ({@code ${MAX}}, {@code ${LAST_TIME}},
 * {@code ${PROP('Dim.VariantName')}}, …) filled in from the series' returned points, times written in the request's
 * {@code LabelOptions.Timezone}. A placeholder CloudWatch does not define is left as written, as a plain label.
 */
final class DynamicLabel {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(PROP\\('([^']*)'\\)|[A-Z_]+)}");
    private static final Pattern TIMEZONE = Pattern.compile("[+-]([01]\\d|2[0-3])[0-5]\\d");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    /** The query's metric and statistic as its {@code PROP(...)} values know them. */
    record Properties(SeriesKey series, int period, String stat, String accountId, String region, String label) {
    }

    /** One returned point. */
    record Point(Instant time, double value) {
    }

    private final ZoneOffset zone;

    private DynamicLabel(ZoneOffset zone) {
        this.zone = zone;
    }

    /** The label writer for a request's {@code LabelOptions.Timezone} ({@code +0000} when absent). */
    static DynamicLabel inTimezone(Optional<String> timezone) {
        if (timezone.isEmpty()) {
            return new DynamicLabel(ZoneOffset.UTC);
        }
        String text = timezone.get();
        if (!TIMEZONE.matcher(text).matches()) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE, "The parameter LabelOptions.Timezone must be + or -"
                    + " followed by four digits (hours and minutes, such as +0130), not %s.", text);
        }
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return new DynamicLabel(ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(text.substring(1, 3)),
                sign * Integer.parseInt(text.substring(3, 5))));
    }

    /** {@code label} with its placeholders filled in; {@code points} oldest first; {@code now} for the relative ones. */
    String fill(String label, Properties properties, List<Point> points, Instant now) {
        if (!label.contains("${")) {
            return label;
        }
        Matcher m = PLACEHOLDER.matcher(label);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(2) != null ? property(m.group(2), properties)
                    : live(m.group(1), properties, points, now);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String property(String name, Properties p) {
        if (name.startsWith("Dim.")) {
            return p.series().dimensions().get(name.substring("Dim.".length()));
        }
        return switch (name) {
            case "MetricName" -> p.series().metricName();
            case "Namespace" -> p.series().namespace();
            case "Period" -> Integer.toString(p.period());
            case "Stat" -> p.stat();
            case "AccountId", "AccountLabel" -> p.accountId();
            case "Region" -> p.region();
            default -> null;
        };
    }

    private String live(String name, Properties p, List<Point> points, Instant now) {
        if (name.equals("LABEL")) {
            return p.label();
        }
        if (name.equals("DATAPOINT_COUNT")) {
            return Integer.toString(points.size());
        }
        Map<String, Function<List<Point>, Object>> values = Map.ofEntries(
                Map.entry("AVG", ps -> ps.stream().mapToDouble(Point::value).average().orElseThrow()),
                Map.entry("SUM", ps -> ps.stream().mapToDouble(Point::value).sum()),
                Map.entry("MIN", ps -> extreme(ps, -1).value()),
                Map.entry("MAX", ps -> extreme(ps, 1).value()),
                Map.entry("FIRST", ps -> ps.get(0).value()),
                Map.entry("LAST", ps -> ps.get(ps.size() - 1).value()),
                Map.entry("FIRST_LAST_RANGE", ps -> ps.get(ps.size() - 1).value() - ps.get(0).value()),
                Map.entry("FIRST_TIME", ps -> time(ps.get(0).time())),
                Map.entry("LAST_TIME", ps -> time(ps.get(ps.size() - 1).time())),
                Map.entry("MIN_TIME", ps -> time(extreme(ps, -1).time())),
                Map.entry("MAX_TIME", ps -> time(extreme(ps, 1).time())),
                Map.entry("FIRST_LAST_TIME_RANGE", ps -> Duration.between(ps.get(0).time(),
                        ps.get(ps.size() - 1).time()).toString()),
                Map.entry("FIRST_TIME_RELATIVE", ps -> Duration.between(ps.get(0).time(), now).toString()),
                Map.entry("LAST_TIME_RELATIVE", ps -> Duration.between(ps.get(ps.size() - 1).time(), now)
                        .toString()));
        Function<List<Point>, Object> value = values.get(name);
        if (value == null) {
            return null;
        }
        if (points.isEmpty()) {
            return "";
        }
        Object v = value.apply(points);
        return v instanceof Double d ? number(d) : v.toString();
    }

    private static Point extreme(List<Point> points, int sign) {
        Point best = points.get(0);
        for (Point p : points) {
            if (Double.compare(p.value(), best.value()) * sign > 0) {
                best = p;
            }
        }
        return best;
    }

    private String time(Instant t) {
        return TIME.format(t.atOffset(zone));
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
