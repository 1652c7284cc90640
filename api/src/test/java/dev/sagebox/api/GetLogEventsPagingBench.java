package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.logs.FakeLogStore;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamWriter;
import dev.sagebox.docker.FakeContainerEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;

/**
 * How fast GetLogEvents pages a long stream through the SDK client (issue 12's target: 200,000 events/s for
 * 1,000,000 events). Not part of the suite (no Test suffix); run with
 * {@code mvn -B -o -pl api -am test -Dtest=GetLogEventsPagingBench -Dsurefire.failIfNoSpecifiedTests=false}, and
 * {@code -Dsagebox.bench.events=N} for another size. Prints its figures; asserts only that every event was read.
 */
class GetLogEventsPagingBench {
    private static final String GROUP = LogGroups.TRAINING_JOBS;
    private static final String STREAM = LogGroups.trainingStream("bench", "algo-1", 1_700_000_000L);

    @TempDir
    Path home;

    @Test
    void pageAMillionEventsForwardAndBackward() {
        int count = Integer.getInteger("sagebox.bench.events", 1_000_000);
        LogStore store = new FakeLogStore(Clock.systemUTC());
        try (LogStreamWriter writer = store.open(GROUP, STREAM)) {
            long t0 = 1_700_000_000_000L;
            for (int i = 0; i < count; i++) {
                writer.append(Instant.ofEpochMilli(t0 + i), "epoch " + (i / 1000) + " step " + i + " loss=0.1234 acc=0.98");
            }
        }
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(new FakeContainerEngine()).logStore(store));
                CloudWatchLogsClient logs = sagebox.logs()) {
            for (int round = 0; round < 3; round++) {
                long started = System.nanoTime();
                long read = 0;
                GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM)
                        .startFromHead(true));
                while (!page.events().isEmpty()) {
                    read += page.events().size();
                    String token = page.nextForwardToken();
                    page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).nextToken(token));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("GetLogEvents forward round %d: %d events in %.2f s = %.0f events/s%n", round, read,
                        seconds, read / seconds);
                assertThat(read).isEqualTo(count);
            }
            long started = System.nanoTime();
            long read = 0;
            GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM));
            while (!page.events().isEmpty()) {
                read += page.events().size();
                String token = page.nextBackwardToken();
                page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).nextToken(token));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("GetLogEvents backward: %d events in %.2f s = %.0f events/s%n", read, seconds,
                    read / seconds);
            assertThat(read).isEqualTo(count);
        }
    }
}
