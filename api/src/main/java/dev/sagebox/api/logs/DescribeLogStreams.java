package dev.sagebox.api.logs;

import dev.sagebox.api.logs.LogsWire.DescribeLogStreamsRequest;
import dev.sagebox.api.logs.LogsWire.DescribeLogStreamsResponse;
import dev.sagebox.api.logs.LogsWire.LogStream;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * DescribeLogStreams: a group's streams by name or by last event time (streams without events first), ascending or
 * descending, 50 a page.
 */
final class DescribeLogStreams {
    private static final int DEFAULT_LIMIT = 50;
    private static final String BY_LAST_EVENT_TIME = "LastEventTime";

    private final LogStore store;
    private final LogGroupNames names;

    DescribeLogStreams(LogStore store, LogGroupNames names) {
        this.store = store;
        this.names = names;
    }

    DescribeLogStreamsResponse describe(DescribeLogStreamsRequest request) {
        String group = names.resolve(request.logGroupName(), request.logGroupIdentifier());
        boolean byLastEventTime = request.orderBy().filter(BY_LAST_EVENT_TIME::equals).isPresent();
        if (byLastEventTime && request.logStreamNamePrefix().isPresent()) {
            throw LogsErrors.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        String prefix = request.logStreamNamePrefix().orElse("");
        List<LogStreamSummary> streams = new ArrayList<>(store.streams(group).orElseThrow(LogsErrors::groupNotFound)
                .stream().filter(s -> s.name().startsWith(prefix)).toList());
        if (byLastEventTime) {
            streams.sort(Comparator.comparing((LogStreamSummary s) -> s.lastEventTime().orElse(Instant.MIN))
                    .thenComparing(LogStreamSummary::name));
        }
        if (request.descending().orElse(false)) {
            Collections.reverse(streams);
        }
        int from = Math.min(PageToken.offset(request.nextToken()), streams.size());
        int to = Math.min(streams.size(), from + request.limit().orElse(DEFAULT_LIMIT));
        List<LogStream> page = streams.subList(from, to).stream().map(s -> wire(group, s)).toList();
        return new DescribeLogStreamsResponse(page,
                to < streams.size() ? Optional.of(PageToken.of(to)) : Optional.empty());
    }

    private LogStream wire(String group, LogStreamSummary stream) {
        return new LogStream(stream.name(), stream.creationTime().toEpochMilli(),
                stream.firstEventTime().map(Instant::toEpochMilli), stream.lastEventTime().map(Instant::toEpochMilli),
                stream.lastIngestionTime().toEpochMilli(), names.streamArn(group, stream.name()));
    }
}
