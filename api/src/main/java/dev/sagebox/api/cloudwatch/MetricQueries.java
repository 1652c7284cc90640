package dev.sagebox.api.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GetMetricStatistics, GetMetricData and ListMetrics over the stored points and training jobs' values, on requests
 * and answers in CloudWatch's member names whatever the protocol (each codec turns its wire into these trees and
 * back; timestamps in answers are {@link Instant} POJO nodes).
 */
public final class MetricQueries {
    static final String TRAINING_NAMESPACE = "/aws/sagemaker/TrainingJobs";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DATAPOINTS_PER_CALL = 1440;
    private static final int LIST_PAGE = 500;
    /** ListMetrics' RecentlyActive: the one window CloudWatch defines. */
    private static final String RECENTLY_ACTIVE = "PT3H";
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][A-Za-z0-9_]{0,254}");

    private final MetricPointStore points;
    private final TrainingMetricSource training;
    private final AwsScope scope;
    private final InstantSource clock;

    /**
     * @param scope the one account (and region) every metric here belongs to: a query for another account's metrics
     *     finds none
     */
    public MetricQueries(MetricPointStore points, TrainingMetricSource training, AwsScope scope, InstantSource clock) {
        this.points = points;
        this.training = training;
        this.scope = scope;
        this.clock = clock;
    }

    public ObjectNode getMetricStatistics(JsonNode in) {
        SeriesKey series = SeriesKey.of(required(in, "Namespace"), required(in, "MetricName"), dimensions(in.path(
                "Dimensions")));
        Instant start = time(in, "StartTime");
        Instant end = time(in, "EndTime");
        int period = period(in.path("Period"), "Period");
        List<String> statistics = strings(in.path("Statistics"));
        List<String> extended = strings(in.path("ExtendedStatistics"));
        if (statistics.isEmpty() && extended.isEmpty()) {
            throw Errors.of(ErrorCode.CW_MISSING_PARAMETER, "Must specify either Statistics or ExtendedStatistics");
        }
        for (String s : statistics) {
            if (!Statistics.BASIC.contains(s)) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                        "The parameter Statistics contains %s, which is not"
                        + " SampleCount, Average, Sum, Minimum or Maximum.", s);
            }
        }
        for (String s : extended) {
            if (!Statistics.isPercentile(s)) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                        "The parameter ExtendedStatistics contains %s, which is"
                        + " not a percentile between p0.0 and p100.", s);
            }
        }
        checkRange(start, end, period, MAX_DATAPOINTS_PER_CALL);
        Optional<String> unit = optional(in, "Unit");
        ArrayNode datapoints = NODES.arrayNode();
        Series found = read(series, start, end, period);
        if (unit.isEmpty() || unit.get().equals(found.unit)) {
            found.periods.forEach((periodStart, stats) -> {
                ObjectNode dp = datapoints.addObject();
                dp.putPOJO("Timestamp", Instant.ofEpochSecond(periodStart));
                for (String s : statistics) {
                    dp.put(s, stats.get(s));
                }
                if (!extended.isEmpty()) {
                    ObjectNode map = dp.putObject("ExtendedStatistics");
                    extended.forEach(s -> map.put(s, stats.get(s)));
                }
                dp.put("Unit", found.unit);
            });
        }
        ObjectNode out = NODES.objectNode();
        out.put("Label", series.metricName());
        out.set("Datapoints", datapoints);
        return out;
    }

    public ObjectNode getMetricData(JsonNode in) {
        Instant start = time(in, "StartTime");
        Instant end = time(in, "EndTime");
        JsonNode queries = in.path("MetricDataQueries");
        if (!queries.isArray() || queries.isEmpty()) {
            throw Errors.of(ErrorCode.CW_MISSING_PARAMETER, "The parameter MetricDataQueries is required.");
        }
        boolean descending = !"TimestampAscending".equals(optional(in, "ScanBy").orElse("TimestampDescending"));
        long max = in.path("MaxDatapoints").asLong(100_800);
        long skip = nextToken(in);
        DynamicLabel labels = DynamicLabel.inTimezone(optional(in.path("LabelOptions"), "Timezone"));
        Set<String> ids = new HashSet<>();
        ArrayNode results = NODES.arrayNode();
        long emitted = 0;
        long seen = 0;
        boolean truncated = false;
        for (JsonNode q : queries) {
            String id = required(q, "Id");
            if (!QUERY_ID.matcher(id).matches()) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                        "The Id %s of a metric data query must start with a"
                        + " lowercase letter and hold only letters, digits and underscores (at most 255).", id);
            }
            if (!ids.add(id)) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                        "The Id %s is used by more than one metric data query;"
                        + " each query needs its own.", id);
            }
            if (q.has("Expression") && q.has("MetricStat")) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_COMBINATION, "The query %s has both an Expression and a"
                        + " MetricStat; give exactly one.", id);
            }
            if (q.has("Expression")) {
                ObjectNode r = results.addObject();
                r.put("Id", id);
                r.put("Label", q.path("Label").asText(id));
                r.putArray("Timestamps");
                r.putArray("Values");
                r.put("StatusCode", "InternalError");
                ObjectNode message = r.putArray("Messages").addObject();
                message.put("Code", "Unsupported");
                message.put("Value", "Sagebox does not evaluate metric math expressions; query the metrics with"
                        + " MetricStat.");
                continue;
            }
            JsonNode stat = q.path("MetricStat");
            if (stat.isMissingNode()) {
                throw Errors.of(ErrorCode.CW_MISSING_PARAMETER,
                        "The query %s needs a MetricStat or an Expression.", id);
            }
            if (q.has("Period")) {
                throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_COMBINATION,
                        "The query %s has a Period of its own: that is"
                        + " only for an Expression; a MetricStat's period is MetricStat.Period.", id);
            }
            JsonNode metric = stat.path("Metric");
            SeriesKey series = SeriesKey.of(required(metric, "Namespace"), required(metric, "MetricName"),
                    dimensions(metric.path("Dimensions")));
            int period = period(stat.path("Period"), "MetricStat.Period");
            String statistic = Statistics.checkedStat(required(stat, "Stat"), "MetricStat.Stat");
            checkRange(start, end, period, Long.MAX_VALUE);
            if (q.has("ReturnData") && !q.path("ReturnData").asBoolean(true)) {
                continue; // asked for only as the input of an expression, which Sagebox does not evaluate
            }
            ObjectNode r = NODES.objectNode();
            r.put("Id", id);
            Optional<String> account = optional(q, "AccountId");
            if (account.isPresent() && !account.get().equals(scope.accountId())) {
                r.put("Label", q.path("Label").asText(series.metricName()));
                r.putArray("Timestamps");
                r.putArray("Values");
                r.put("StatusCode", "Forbidden");
                ObjectNode message = r.putArray("Messages").addObject();
                message.put("Code", "Forbidden");
                message.put("Value", "Sagebox holds the metrics of account " + scope.accountId() + " only, not of "
                        + account.get() + ".");
                results.add(r);
                continue;
            }
            Series found = read(series, start, end, period);
            Optional<String> unit = optional(stat, "Unit");
            if (unit.isPresent() && !unit.get().equals(found.unit)) {
                found = new Series(new TreeMap<>(), found.unit);
            }
            List<Long> times = new ArrayList<>(found.periods.keySet());
            List<DynamicLabel.Point> all = new ArrayList<>(times.size());
            for (long t : times) {
                all.add(new DynamicLabel.Point(Instant.ofEpochSecond(t), found.periods.get(t).get(statistic)));
            }
            if (descending) {
                Collections.reverse(times);
            }
            String label = q.path("Label").asText(series.metricName());
            r.put("Label", labels.fill(label, new DynamicLabel.Properties(series, period, statistic,
                    scope.accountId(), scope.region(), series.metricName()), all, clock.instant()));
            ArrayNode timestamps = r.putArray("Timestamps");
            ArrayNode values = r.putArray("Values");
            boolean partial = false;
            for (long t : times) {
                if (seen++ < skip) {
                    continue;
                }
                if (emitted >= max) {
                    partial = true;
                    truncated = true;
                    break;
                }
                emitted++;
                timestamps.addPOJO(Instant.ofEpochSecond(t));
                values.add(found.periods.get(t).get(statistic));
            }
            r.put("StatusCode", partial ? "PartialData" : "Complete");
            results.add(r);
        }
        ObjectNode out = NODES.objectNode();
        out.set("MetricDataResults", results);
        if (truncated) {
            out.put("NextToken", "datapoints-" + (skip + emitted));
        }
        out.putArray("Messages");
        return out;
    }

    public ObjectNode listMetrics(JsonNode in) {
        Optional<String> namespace = optional(in, "Namespace");
        Optional<String> metricName = optional(in, "MetricName");
        List<Map.Entry<String, Optional<String>>> filters = new ArrayList<>();
        for (JsonNode f : in.path("Dimensions")) {
            filters.add(Map.entry(required(f, "Name"), optional(f, "Value")));
        }
        Optional<String> recently = optional(in, "RecentlyActive");
        if (recently.isPresent() && !recently.get().equals(RECENTLY_ACTIVE)) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE, "The parameter RecentlyActive must be %s, not %s.",
                    RECENTLY_ACTIVE, recently.get());
        }
        long activeSince = recently.isPresent()
                ? clock.instant().minus(Duration.parse(RECENTLY_ACTIVE)).getEpochSecond() : Long.MIN_VALUE;
        boolean linkedAccounts = in.path("IncludeLinkedAccounts").asBoolean(false);
        Optional<String> owningAccount = optional(in, "OwningAccount");
        if (owningAccount.isPresent() && !linkedAccounts) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_COMBINATION,
                    "The parameter OwningAccount can be used only with"
                    + " IncludeLinkedAccounts set to true.");
        }
        List<SeriesKey> all = new ArrayList<>();
        if (owningAccount.isEmpty() || owningAccount.get().equals(scope.accountId())) {
            points.series(namespace, metricName).stream().filter(s -> s.lastSecond() >= activeSince)
                    .forEach(s -> all.add(s.series()));
            if (namespace.isEmpty() || namespace.get().equals(TRAINING_NAMESPACE)) {
                Set<SeriesKey> jobs = new LinkedHashSet<>();
                for (TrainingMetricSource.Series s : training.series(metricName)) {
                    if (Math.floorDiv(s.lastEpochMillis(), 1000) < activeSince) {
                        continue;
                    }
                    jobs.add(SeriesKey.of(TRAINING_NAMESPACE, s.metricName(), Map.of("TrainingJobName",
                            s.jobName())));
                    jobs.add(SeriesKey.of(TRAINING_NAMESPACE, s.metricName(), Map.of("TrainingJobName", s.jobName(),
                            "Host", s.host())));
                }
                all.addAll(jobs);
            }
        }
        List<SeriesKey> matching = all.stream().filter(s -> filters.stream().allMatch(f -> s.dimensions()
                .containsKey(f.getKey()) && f.getValue().map(v -> v.equals(s.dimensions().get(f.getKey())))
                .orElse(true))).toList();
        long from = nextToken(in);
        ArrayNode metrics = NODES.arrayNode();
        long to = Math.min(matching.size(), from + LIST_PAGE);
        for (long i = from; i < to; i++) {
            SeriesKey s = matching.get((int) i);
            ObjectNode m = metrics.addObject();
            m.put("Namespace", s.namespace());
            m.put("MetricName", s.metricName());
            ArrayNode dims = m.putArray("Dimensions");
            s.dimensions().forEach((name, value) -> {
                ObjectNode d = dims.addObject();
                d.put("Name", name);
                d.put("Value", value);
            });
        }
        ObjectNode out = NODES.objectNode();
        out.set("Metrics", metrics);
        if (linkedAccounts) {
            ArrayNode owners = out.putArray("OwningAccounts");
            metrics.forEach(m -> owners.add(scope.accountId()));
        }
        if (to < matching.size()) {
            out.put("NextToken", "datapoints-" + to);
        }
        return out;
    }

    /** A series read over a range: its statistics per period start (epoch seconds, ascending) and its unit. */
    private record Series(SortedMap<Long, PeriodStatistics> periods, String unit) {
    }

    private Series read(SeriesKey series, Instant start, Instant end, int period) {
        SortedMap<Long, PeriodStatistics> periods = new TreeMap<>();
        long from = roundedStart(start, period);
        long to = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        if (series.namespace().equals(TRAINING_NAMESPACE)) {
            Optional<String> job = Optional.ofNullable(series.dimensions().get("TrainingJobName"));
            Optional<String> host = Optional.ofNullable(series.dimensions().get("Host"));
            int expected = 1 + (host.isPresent() ? 1 : 0);
            if (job.isPresent() && series.dimensions().size() == expected) {
                for (TrainingMetricSource.Sample s : training.samples(job.get(), series.metricName(), host,
                        from * 1000, to * 1000)) {
                    periods.computeIfAbsent(alignedStart(Math.floorDiv(s.epochMillis(), 1000), period),
                            k -> new PeriodStatistics()).add(s.value());
                }
            }
            return new Series(periods, "None");
        }
        String unit = "None";
        for (SecondPoint p : points.points(series, from, to)) {
            periods.computeIfAbsent(alignedStart(p.second(), period), k -> new PeriodStatistics()).add(p);
            unit = p.unit();
        }
        return new Series(periods, unit);
    }

    /**
     * The first second a query reads, StartTime rounded down as CloudWatch does (inclusive): to the period's own
     * division of a minute for periods under a minute; else by the start's age, to the minute (under 15 days), to five
     * minutes (under 63 days) or to the hour. The SageMaker SDK's TrainingJobAnalytics depends on it: it asks from the
     * job's TrainingStartTime, a little after its first log lines.
     */
    private long roundedStart(Instant start, int period) {
        long second = start.getEpochSecond();
        if (period < 60) {
            return alignedStart(second, period);
        }
        Duration age = Duration.between(start, clock.instant());
        int unit = age.compareTo(Duration.ofDays(15)) < 0 ? 60 : age.compareTo(Duration.ofDays(63)) < 0 ? 300 : 3600;
        return alignedStart(second, unit);
    }

    private static long alignedStart(long second, int period) {
        return Math.floorDiv(second, period) * period;
    }

    private static void checkRange(Instant start, Instant end, int period, long maxDatapoints) {
        if (!start.isBefore(end)) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                    "The parameter StartTime must be less than the parameter"
                    + " EndTime.");
        }
        long requested = (end.getEpochSecond() - start.getEpochSecond()) / period;
        if (requested > maxDatapoints) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_COMBINATION, "You have requested up to %d datapoints, which"
                    + " exceeds the limit of %,d. You may reduce the datapoints requested by increasing Period, or"
                    + " decreasing the time range.", requested, MAX_DATAPOINTS_PER_CALL);
        }
    }

    private static int period(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            throw Errors.of(ErrorCode.CW_MISSING_PARAMETER, "The parameter %s is required.", name);
        }
        int period;
        try {
            period = node.isNumber() ? node.asInt() : Integer.parseInt(node.asText().strip());
        } catch (NumberFormatException e) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE, "The parameter %s must be an integer.", name);
        }
        if (period < 1 || (period % 60 != 0 && period != 1 && period != 5 && period != 10 && period != 30)) {
            throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                    "The parameter %s must be 1, 5, 10, 30 or a multiple of"
                    + " 60.", name);
        }
        return period;
    }

    private static long nextToken(JsonNode in) {
        Optional<String> token = optional(in, "NextToken");
        if (token.isEmpty()) {
            return 0;
        }
        try {
            if (token.get().startsWith("datapoints-")) {
                return Long.parseLong(token.get().substring("datapoints-".length()));
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw Errors.of(ErrorCode.CW_INVALID_NEXT_TOKEN, "The NextToken %s was not given by this server.", token.get());
    }

    /** Epoch seconds (JSON 1.0, CBOR's tag 1) or an ISO 8601 text (the query protocol). */
    static Instant time(JsonNode in, String name) {
        JsonNode node = in.path(name);
        if (node.isMissingNode() || node.isNull()) {
            throw Errors.of(ErrorCode.CW_MISSING_PARAMETER, "The parameter %s is required.", name);
        }
        if (node.isNumber()) {
            double seconds = node.asDouble();
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
        }
        String text = node.asText().strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                try {
                    return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
                } catch (NumberFormatException notANumber) {
                    throw Errors.of(ErrorCode.CW_INVALID_PARAMETER_VALUE,
                            "The parameter %s is not a valid timestamp: %s",
                            name, text);
                }
            }
        }
    }

    private static SortedMap<String, String> dimensions(JsonNode list) {
        SortedMap<String, String> out = new TreeMap<>();
        for (JsonNode d : list) {
            out.put(required(d, "Name"), required(d, "Value"));
        }
        return out;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String required(JsonNode in, String name) {
        return optional(in, name).orElseThrow(() -> Errors.of(ErrorCode.CW_MISSING_PARAMETER,
                "The parameter %s is required.", name));
    }

    private static Optional<String> optional(JsonNode in, String name) {
        JsonNode node = in.path(name);
        return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? Optional.empty()
                : Optional.of(node.asText());
    }
}
