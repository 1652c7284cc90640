package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStreamWriter;
import dev.sagebox.storage.logs.FileLogStore;
import dev.sagebox.docker.FakeContainerEngine;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** CloudWatch Logs on the API port, driven by the AWS SDK v2 client: listing, paging, filtering and its errors. */
class CloudWatchLogsTest {
    static final String GROUP = LogGroups.TRAINING_JOBS;
    static final String A1 = LogGroups.trainingStream("job-a", "algo-1", 1_700_000_000L);
    static final String A2 = LogGroups.trainingStream("job-a", "algo-2", 1_700_000_000L);
    static final String B1 = LogGroups.trainingStream("job-b", "algo-1", 1_700_000_100L);
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static CloudWatchLogsClient logs;
    static FileLogStore store;

    @BeforeAll
    static void start() {
        store = new FileLogStore(home.resolve("logs"), Clock.systemUTC());
        // algo-1 writes every second from T0, algo-2 every second from T0 + 0.5 s: merged they alternate.
        write(store, A1, 25, T0, "algo-1");
        write(store, A2, 10, T0 + 500, "algo-2");
        write(store, B1, 5, T0 + 100_000, "job-b");
        store.open(LogGroups.endpoint("ep"), "AllTraffic/i-1").close();
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(new FakeContainerEngine()).logStore(store));
        logs = sagebox.logs();
    }

    private static void write(FileLogStore store, String stream, int count, long first, String who) {
        try (LogStreamWriter writer = store.open(GROUP, stream)) {
            for (int i = 0; i < count; i++) {
                writer.append(Instant.ofEpochMilli(first + i * 1000L),
                        who + " line " + i + (i % 5 == 4 ? " ERROR disk full" : " INFO ok"));
            }
        }
    }

    @AfterAll
    static void stop() {
        logs.close();
        sagebox.close();
        store.close();
    }

    @Test
    void describeLogGroupsListsGroupsByNameWithArns() {
        var groups = logs.describeLogGroups(r -> { }).logGroups();
        assertThat(groups).extracting(g -> g.logGroupName())
                .containsExactly("/aws/sagemaker/Endpoints/ep", GROUP);
        assertThat(groups.get(1).arn()).isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP + ":*");
        var page = logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/sagemaker/T").limit(1));
        assertThat(page.logGroups()).extracting(g -> g.logGroupName()).containsExactly(GROUP);
        assertThat(page.nextToken()).isNull();
        var first = logs.describeLogGroups(r -> r.limit(1));
        assertThat(first.nextToken()).isNotNull();
        assertThat(logs.describeLogGroups(r -> r.limit(1).nextToken(first.nextToken())).logGroups())
                .extracting(g -> g.logGroupName()).containsExactly(GROUP);
    }

    @Test
    void describeLogStreamsPagesByNameAndByLastEventTime() {
        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            var page = logs.describeLogStreams(r -> r.logGroupName(GROUP).limit(2).nextToken(t));
            page.logStreams().forEach(s -> names.add(s.logStreamName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(names).containsExactly(A1, A2, B1);
        assertThat(pages).isEqualTo(2);

        List<LogStream> jobA = logs.describeLogStreams(r -> r.logGroupName(GROUP).logStreamNamePrefix("job-a/"))
                .logStreams();
        assertThat(jobA).extracting(LogStream::logStreamName).containsExactly(A1, A2);
        assertThat(jobA.get(0).firstEventTimestamp()).isEqualTo(T0);
        assertThat(jobA.get(0).lastEventTimestamp()).isEqualTo(T0 + 24_000);

        assertThat(logs.describeLogStreams(r -> r.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .descending(true).limit(2)).logStreams()).extracting(LogStream::logStreamName).containsExactly(B1, A1);
    }

    @Test
    void orderingByLastEventTimeRefusesAPrefix() {
        assertAwsError(() -> logs.describeLogStreams(r -> r.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .logStreamNamePrefix("job-a")), "InvalidParameterException",
                "Cannot order by LastEventTime with a logStreamNamePrefix.");
    }

    @Test
    void getLogEventsWithoutATokenReturnsTheLastEvents() {
        GetLogEventsResponse last = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(10));
        assertThat(messages(last.events())).first().isEqualTo("algo-1 line 15 INFO ok");
        assertThat(last.events()).hasSize(10).last().extracting(OutputLogEvent::timestamp).isEqualTo(T0 + 24_000);
        assertThat(last.nextForwardToken()).matches("f/\\d{56}");
        assertThat(last.nextBackwardToken()).matches("b/\\d{56}");
    }

    @Test
    void getLogEventsPagesForwardToTheEndAndKeepsItsToken() {
        List<String> seen = new ArrayList<>();
        GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(10)
                .startFromHead(true));
        List<Integer> sizes = new ArrayList<>();
        String token;
        while (true) {
            sizes.add(page.events().size());
            seen.addAll(messages(page.events()));
            token = page.nextForwardToken();
            String t = token;
            GetLogEventsResponse next = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(10)
                    .nextToken(t));
            if (next.events().isEmpty()) {
                assertThat(next.nextForwardToken()).isEqualTo(token);
                break;
            }
            page = next;
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).hasSize(25).first().isEqualTo("algo-1 line 0 INFO ok");
        assertThat(seen.get(24)).isEqualTo("algo-1 line 24 ERROR disk full");
        // Asked again later, the end-of-stream token still reads nothing new and comes back unchanged.
        String end = token;
        assertThat(logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).nextToken(end))
                .nextForwardToken()).isEqualTo(end);
    }

    @Test
    void getLogEventsPagesBackwardToTheStartAndKeepsItsToken() {
        List<String> seen = new ArrayList<>();
        GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(10));
        while (!page.events().isEmpty()) {
            List<String> batch = messages(page.events());
            seen.addAll(0, batch);
            String t = page.nextBackwardToken();
            GetLogEventsResponse previous = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(10)
                    .nextToken(t));
            if (previous.events().isEmpty()) {
                assertThat(previous.nextBackwardToken()).isEqualTo(t);
            }
            page = previous;
        }
        assertThat(seen).hasSize(25).first().isEqualTo("algo-1 line 0 INFO ok");
        // Forward from a backward page's forward token reads what follows it.
        GetLogEventsResponse head = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(3)
                .startFromHead(true));
        String forward = head.nextForwardToken();
        assertThat(messages(logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(2)
                .nextToken(forward)).events())).containsExactly("algo-1 line 3 INFO ok", "algo-1 line 4 ERROR disk full");
    }

    @Test
    void getLogEventsHonoursStartAndEndTime() {
        GetLogEventsResponse window = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1)
                .startTime(T0 + 3_000).endTime(T0 + 7_000).startFromHead(true));
        // startTime inclusive, endTime exclusive.
        assertThat(window.events()).extracting(OutputLogEvent::timestamp)
                .containsExactly(T0 + 3_000, T0 + 4_000, T0 + 5_000, T0 + 6_000);
        GetLogEventsResponse lastTwo = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1)
                .startTime(T0 + 3_000).endTime(T0 + 7_000).limit(2));
        assertThat(lastTwo.events()).extracting(OutputLogEvent::timestamp).containsExactly(T0 + 5_000, T0 + 6_000);
    }

    @Test
    void aTokenOfAnotherStreamIsRefused() {
        String token = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(1)).nextForwardToken();
        assertAwsError(() -> logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A2).nextToken(token)),
                "InvalidParameterException", "The specified nextToken is invalid.");
    }

    @Test
    void filterLogEventsMergesStreamsInTimeOrder() {
        FilterLogEventsResponse all = logs.filterLogEvents(r -> r.logGroupName(GROUP).logStreamNamePrefix("job-a/")
                .startTime(T0 + 2_000).endTime(T0 + 4_000));
        // Both bounds inclusive.
        assertThat(all.events()).extracting(FilteredLogEvent::timestamp)
                .containsExactly(T0 + 2_000, T0 + 2_500, T0 + 3_000, T0 + 3_500, T0 + 4_000);
        assertThat(all.events()).extracting(FilteredLogEvent::logStreamName).containsExactly(A1, A2, A1, A2, A1);
        assertThat(all.events()).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("\\d{56}"));
        assertThat(all.nextToken()).isNull();
    }

    @Test
    void filterLogEventsAppliesTheTermPattern() {
        FilterLogEventsResponse errors = logs.filterLogEvents(r -> r.logGroupName(GROUP)
                .filterPattern("ERROR \"disk full\" -job-b"));
        assertThat(errors.events()).hasSize(7).allMatch(e -> e.message().contains("ERROR disk full")
                && !e.logStreamName().equals(B1));
        FilterLogEventsResponse anyOf = logs.filterLogEvents(r -> r.logGroupName(GROUP)
                .logStreamNames(A2, B1).filterPattern("?\"line 1 \" ?\"line 2 \""));
        assertThat(messages2(anyOf.events())).containsExactly("algo-2 line 1 INFO ok", "algo-2 line 2 INFO ok",
                "job-b line 1 INFO ok", "job-b line 2 INFO ok");
    }

    @Test
    void filterLogEventsPagesWithItsToken() {
        List<FilteredLogEvent> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(GROUP).limit(7).nextToken(t));
            seen.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(6);
        assertThat(seen).hasSize(40).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates();
        assertThat(seen).extracting(FilteredLogEvent::timestamp).isSorted();
    }

    @Test
    void filterLogEventsRefusesNamesWithAPrefix() {
        assertAwsError(() -> logs.filterLogEvents(r -> r.logGroupName(GROUP).logStreamNames(A1)
                .logStreamNamePrefix("job")), "InvalidParameterException",
                "Cannot specify both logStreamNamePrefix and logStreamNames");
    }

    @Test
    void aMissingGroupOrStreamIsNotFound() {
        assertAwsError(() -> logs.describeLogStreams(r -> r.logGroupName("/aws/sagemaker/Nope")),
                "ResourceNotFoundException", "The specified log group does not exist.");
        assertAwsError(() -> logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/Nope").logStreamName(A1)),
                "ResourceNotFoundException", "The specified log group does not exist.");
        assertAwsError(() -> logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("job-z/algo-1-1")),
                "ResourceNotFoundException", "The specified log stream does not exist.");
        assertAwsError(() -> logs.filterLogEvents(r -> r.logGroupName("/aws/sagemaker/Nope")),
                "ResourceNotFoundException", "The specified log group does not exist.");
    }

    @Test
    void aBadLimitIsAnInvalidParameterInBotocoresWords() {
        assertAwsError(() -> logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(A1).limit(0)),
                "InvalidParameterException", "1 validation error detected: Value '0' at 'limit' failed to satisfy"
                        + " constraint: Member must have value greater than or equal to 1");
        assertAwsError(() -> logs.describeLogStreams(r -> r.logGroupName(GROUP).limit(51)),
                "InvalidParameterException", "1 validation error detected: Value '51' at 'limit' failed to satisfy"
                        + " constraint: Member must have value less than or equal to 50");
    }

    @Test
    void aRequestSignedForAnotherServiceIsRefusedInTheLogsProtocol() throws Exception {
        SignedHttp sagemakerSigned = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret");
        HttpResponse<String> r = sagemakerSigned.control("Logs_20140328.DescribeLogGroups", "{}");
        assertThat(ProtocolTest.assertError(r, 403, "InvalidSignatureException").get("message").asText())
                .isEqualTo("Credential should be scoped to correct service: 'logs'.");
    }

    @Test
    void anUnknownLogsOperationIsUnknown() throws Exception {
        HttpResponse<String> r = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", "logs")
                .control("Logs_20140328.PutLogEvents", "{}");
        ProtocolTest.assertError(r, 400, "UnknownOperationException");
    }

    @Test
    void theAwsCliReadsTailsAndFiltersLogsAndKnowsItsCaller() throws Exception {
        assumeTrue(Files.isExecutable(AwsCliTest.AWS), "Debian's awscli is not installed; ./sagebox test installs it");
        ObjectMapper json = new ObjectMapper();
        AwsCliTest.Result events = AwsCliTest.aws(sagebox, home, "logs", "get-log-events", "--log-group-name", GROUP,
                "--log-stream-name", A2, "--start-from-head");
        assertThat(events.exit()).as(events.err()).isZero();
        assertThat(json.readTree(events.out()).get("events")).hasSize(10);

        AwsCliTest.Result tail = AwsCliTest.aws(sagebox, home, "logs", "tail", GROUP, "--log-stream-name-prefix",
                "job-b", "--since", "2023-11-01T00:00:00", "--format", "short");
        assertThat(tail.exit()).as(tail.err()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(5).first().asString().endsWith("job-b line 0 INFO ok");

        AwsCliTest.Result filtered = AwsCliTest.aws(sagebox, home, "logs", "filter-log-events", "--log-group-name",
                GROUP, "--filter-pattern", "ERROR", "--log-stream-name-prefix", "job-a/");
        assertThat(filtered.exit()).as(filtered.err()).isZero();
        assertThat(json.readTree(filtered.out()).get("events")).hasSize(7);

        AwsCliTest.Result missing = AwsCliTest.aws(sagebox, home, "logs", "describe-log-streams", "--log-group-name",
                "/aws/sagemaker/Nope");
        assertThat(missing.err()).contains("(ResourceNotFoundException)")
                .contains("The specified log group does not exist.");

        AwsCliTest.Result caller = AwsCliTest.aws(sagebox, home, "sts", "get-caller-identity");
        assertThat(caller.exit()).as(caller.err()).isZero();
        assertThat(json.readTree(caller.out()).get("Account").asText()).isEqualTo("123456789012");
    }

    private static List<String> messages(List<OutputLogEvent> events) {
        return events.stream().map(OutputLogEvent::message).toList();
    }

    private static List<String> messages2(List<FilteredLogEvent> events) {
        return events.stream().map(FilteredLogEvent::message).toList();
    }

    static void assertAwsError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
