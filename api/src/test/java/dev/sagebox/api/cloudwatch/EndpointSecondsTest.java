package dev.sagebox.api.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.ThreadMXBean;
import dev.sagebox.api.db.Database;
import dev.sagebox.core.AwsScope;
import dev.sagebox.api.db.H2MetricPoints;
import dev.sagebox.api.db.H2TrainingMetricSource;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.InvocationFailure;
import dev.sagebox.hosting.InvocationMeter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AWS/SageMaker endpoint metrics from counting to answers: per-second points written by the flush, aggregated to
 * periods, percentiles from the latency buckets, error rates, invocations per instance, retention.
 */
class EndpointSecondsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_800_000_000L; // a whole minute

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private long millis;

        ManualClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Database db = Database.inMemory(UUID.randomUUID().toString());
    private final H2MetricPoints points = new H2MetricPoints(db);
    private final ManualClock clock = new ManualClock(T0 * 1000);
    private final EndpointSeconds seconds = new EndpointSeconds(points, clock, Duration.ofDays(15),
            () -> List.of(new EndpointRouter.VariantCapacity("ep", "A", 2)));
    private final MetricQueries queries = new MetricQueries(points, new H2TrainingMetricSource(db),
            new AwsScope("us-east-1", "123456789012"), clock);

    @AfterEach
    void close() {
        db.close();
    }

    private JsonNode statistics(String metric, int period, String... extended) throws Exception {
        ObjectNode in = (ObjectNode) JSON.readTree("{\"Namespace\":\"AWS/SageMaker\",\"MetricName\":\"" + metric
                + "\",\"Dimensions\":[{\"Name\":\"VariantName\",\"Value\":\"A\"},{\"Name\":\"EndpointName\","
                + "\"Value\":\"ep\"}],\"StartTime\":" + (T0 - 60) + ",\"EndTime\":" + (T0 + 600) + ",\"Period\":"
                + period + ",\"Statistics\":[\"SampleCount\",\"Sum\",\"Average\",\"Minimum\",\"Maximum\"]}");
        if (extended.length > 0) {
            in.set("ExtendedStatistics", JSON.valueToTree(List.of(extended)));
        }
        return queries.getMetricStatistics(in).get("Datapoints");
    }

    @Test
    void secondsAreWrittenAndAggregatedToThePeriodWithPercentilesFromTheBuckets() throws Exception {
        InvocationMeter a = seconds.meter("ep", "A");
        for (int i = 1; i <= 100; i++) { // second T0: model latencies 1..100 ms
            a.answered(i * 1_000_000L, 50_000);
        }
        clock.millis += 1000; // second T0 + 1: two failures
        a.failed(InvocationFailure.MODEL_4XX, 2_000_000, 50_000);
        a.failed(InvocationFailure.TIMEOUT, 60_000_000_000L, 50_000);
        seconds.flush(T0 + 2);

        JsonNode invocations = statistics("Invocations", 60).get(0);
        assertThat(invocations.get("Sum").asDouble()).isEqualTo(102);
        assertThat(invocations.get("SampleCount").asDouble()).isEqualTo(102);
        assertThat(invocations.get("Unit").asText()).isEqualTo("Count");
        assertThat(statistics("Invocation4XXErrors", 60).get(0).get("Average").asDouble())
                .isCloseTo(1 / 102.0, within(1e-9));
        assertThat(statistics("Invocation5XXErrors", 60).get(0).get("Sum").asDouble()).isEqualTo(1);
        assertThat(statistics("InvocationsPerInstance", 60).get(0).get("Sum").asDouble()).isEqualTo(51);
        JsonNode model = statistics("ModelLatency", 60, "p50", "p99").get(0);
        assertThat(model.get("Unit").asText()).isEqualTo("Microseconds");
        assertThat(model.get("SampleCount").asDouble()).isEqualTo(102);
        assertThat(model.get("Minimum").asDouble()).isEqualTo(1_000);
        assertThat(model.get("Maximum").asDouble()).isEqualTo(60_000_000);
        assertThat(model.get("ExtendedStatistics").get("p50").asDouble()).isCloseTo(50_000, within(50_000 * 0.2));
        assertThat(model.get("ExtendedStatistics").get("p99").asDouble()).isCloseTo(99_000, within(99_000 * 0.2));
        JsonNode perSecond = statistics("Invocations", 1);
        assertThat(perSecond).hasSize(2);
        assertThat(perSecond.get(1).get("Sum").asDouble()).isEqualTo(2);
    }

    @Test
    void aSecondIsWrittenOnceAndOnlyWhenItIsOver() throws Exception {
        InvocationMeter a = seconds.meter("ep", "A");
        a.answered(1_000_000, 1_000);
        seconds.flush(T0); // T0 is not over: nothing yet
        assertThat(statistics("Invocations", 60)).isEmpty();
        seconds.flush(T0 + 1);
        seconds.flush(T0 + 1);
        assertThat(statistics("Invocations", 60).get(0).get("Sum").asDouble()).isEqualTo(1);
        clock.millis += 4000; // the slot of T0 is used again four seconds later
        a.answered(1_000_000, 1_000);
        seconds.flush(T0 + 10);
        assertThat(statistics("Invocations", 60).get(0).get("Sum").asDouble()).isEqualTo(2);
        assertThat(points.deleteBefore(T0 + 1)).isEqualTo(6);
    }

    @Test
    void getMetricDataPagesByMaxDatapointsAndLeavesOutQueriesThatReturnNoData() throws Exception {
        InvocationMeter a = seconds.meter("ep", "A");
        for (int s = 0; s < 3; s++) {
            a.answered(1_000_000, 1_000);
            clock.millis += 1000;
        }
        seconds.flush(T0 + 10);
        String metric = "{\"Namespace\":\"AWS/SageMaker\",\"MetricName\":\"Invocations\",\"Dimensions\":["
                + "{\"Name\":\"EndpointName\",\"Value\":\"ep\"},{\"Name\":\"VariantName\",\"Value\":\"A\"}]}";
        String request = "{\"StartTime\":" + T0 + ",\"EndTime\":" + (T0 + 60) + ",\"MaxDatapoints\":2,"
                + "\"ScanBy\":\"TimestampAscending\",\"MetricDataQueries\":[{\"Id\":\"m\",\"MetricStat\":{\"Metric\":"
                + metric + ",\"Period\":1,\"Stat\":\"Sum\"}},{\"Id\":\"hidden\",\"ReturnData\":false,"
                + "\"MetricStat\":{\"Metric\":" + metric + ",\"Period\":1,\"Stat\":\"Sum\"}}]}";

        ObjectNode first = queries.getMetricData(JSON.readTree(request));
        assertThat(first.get("MetricDataResults")).hasSize(1);
        assertThat(first.get("MetricDataResults").get(0).get("Values")).hasSize(2);
        assertThat(first.get("MetricDataResults").get(0).get("StatusCode").asText()).isEqualTo("PartialData");
        ObjectNode next = (ObjectNode) JSON.readTree(request);
        next.put("NextToken", first.get("NextToken").asText());
        ObjectNode second = queries.getMetricData(next);
        assertThat(second.get("MetricDataResults").get(0).get("Values")).hasSize(1);
        assertThat(second.has("NextToken")).isFalse();
    }

    @Test
    void startTimeIsRoundedDownAsCloudWatchRoundsIt() throws Exception {
        InvocationMeter a = seconds.meter("ep", "A");
        clock.millis += 23_000; // second T0 + 23
        a.answered(1_000_000, 1_000);
        clock.millis += 1000;
        seconds.flush(T0 + 30);

        // Under a minute the start is rounded to the period's division of the minute: 10-second periods asked from
        // T0 + 29 read from T0 + 20 (and find the point at T0 + 23), asked from T0 + 34 read from T0 + 30.
        assertThat(invocationsSince(T0 + 29, 10)).hasSize(1);
        assertThat(invocationsSince(T0 + 34, 10)).isEmpty();
        // A minute or more: a start under 15 days old is rounded to the minute (what TrainingJobAnalytics relies on,
        // asking from a job's TrainingStartTime), one older to five minutes, one older than 63 days to the hour.
        assertThat(invocationsSince(T0 + 59, 60)).hasSize(1);
        clock.millis += Duration.ofDays(20).toMillis();
        assertThat(invocationsSince(T0 + 240, 60)).hasSize(1);
        assertThat(invocationsSince(T0 + 300, 60)).isEmpty();
        clock.millis += Duration.ofDays(50).toMillis();
        assertThat(invocationsSince(T0 + 3000, 60)).hasSize(1); // T0 is a whole hour too
    }

    private JsonNode invocationsSince(long startSecond, int period) throws Exception {
        return queries.getMetricStatistics(JSON.readTree("{\"Namespace\":\"AWS/SageMaker\",\"MetricName\":"
                + "\"Invocations\",\"Dimensions\":[{\"Name\":\"VariantName\",\"Value\":\"A\"},{\"Name\":"
                + "\"EndpointName\",\"Value\":\"ep\"}],\"StartTime\":" + startSecond + ",\"EndTime\":"
                + (T0 + 3600) + ",\"Period\":" + period + ",\"Statistics\":[\"Sum\"]}")).get("Datapoints");
    }

    @Test
    void recordingAnInvocationAllocatesNothing() {
        InvocationMeter meter = seconds.meter("hot", "A");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            record(meter, i);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            record(meter, i);
        }
        assertThat(threads.getThreadAllocatedBytes(thread) - before).as("bytes allocated by 100,000 recordings")
                .isLessThan(1_000);
    }

    private static void record(InvocationMeter meter, int i) {
        if (i % 10 == 0) {
            meter.failed(InvocationFailure.MODEL_5XX, 1_000 + i, 500);
        } else {
            meter.answered(1_000_000 + i, 30_000 + i);
        }
    }
}
