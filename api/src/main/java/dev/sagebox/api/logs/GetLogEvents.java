package dev.sagebox.api.logs;

import dev.sagebox.api.logs.LogsWire.GetLogEventsRequest;
import dev.sagebox.api.logs.LogsWire.GetLogEventsResponse;
import dev.sagebox.api.logs.LogsWire.OutputLogEvent;
import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GetLogEvents with AWS's token semantics: without a token the last {@code limit} events (or the first, from the
 * head); a forward token past the end and a backward token before the start come back unchanged with no events.
 * Reads only the page from the store, located by index, so paging a long stream costs the page.
 */
final class GetLogEvents {
    private static final int DEFAULT_LIMIT = 10_000;

    private final LogStore store;
    private final LogGroupNames names;

    GetLogEvents(LogStore store, LogGroupNames names) {
        this.store = store;
        this.names = names;
    }

    GetLogEventsResponse get(GetLogEventsRequest request) {
        String group = names.resolve(request.logGroupName(), request.logGroupIdentifier());
        String streamName = request.logStreamName();
        LogStreamSummary stream = store.stream(group, streamName).orElseThrow(() ->
                store.streams(group).isPresent() ? LogsErrors.streamNotFound() : LogsErrors.groupNotFound());
        long tag = StreamTag.of(group, streamName);
        Optional<EventTokens.Token> token = EventTokens.parse(request.nextToken(), tag);
        int limit = request.limit().orElse(DEFAULT_LIMIT);
        // The window of indexes the time range allows: startTime inclusive, endTime exclusive.
        long low = request.startTime().map(t -> store.indexAt(group, streamName, Instant.ofEpochMilli(t))).orElse(0L);
        long high = request.endTime().map(t -> store.indexAt(group, streamName, Instant.ofEpochMilli(t)))
                .orElse(stream.eventCount());
        high = Math.max(low, high);

        boolean forward = token.map(EventTokens.Token::forward).orElse(request.startFromHead().orElse(false));
        if (forward) {
            long from = clamp(token.map(EventTokens.Token::index).orElse(low), low, high);
            List<LogEvent> events = readForward(group, streamName, from, high, limit);
            String next = events.isEmpty() && request.nextToken().isPresent() ? request.nextToken().get()
                    : EventTokens.forward(tag, from + events.size());
            return new GetLogEventsResponse(wire(events), next, EventTokens.backward(tag, from));
        }
        long end = clamp(token.map(EventTokens.Token::index).orElse(high), low, high);
        List<LogEvent> events = readBackward(group, streamName, low, end, limit);
        long start = end - events.size();
        String previous = events.isEmpty() && request.nextToken().isPresent() ? request.nextToken().get()
                : EventTokens.backward(tag, start);
        return new GetLogEventsResponse(wire(events), EventTokens.forward(tag, end), previous);
    }

    private List<LogEvent> readForward(String group, String stream, long from, long high, int limit) {
        int wanted = (int) Math.min(limit, high - from);
        if (wanted <= 0) {
            return List.of();
        }
        List<LogEvent> events = store.read(group, stream, from, wanted);
        int bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            bytes += EventBudget.size(events.get(i).message());
            if (bytes > EventBudget.MAX_BYTES) {
                return events.subList(0, Math.max(1, i));
            }
        }
        return events;
    }

    /** The events just before {@code end}, at most {@code limit} and 1 MB, keeping the latest. */
    private List<LogEvent> readBackward(String group, String stream, long low, long end, int limit) {
        long start = Math.max(low, end - limit);
        if (end <= start) {
            return List.of();
        }
        List<LogEvent> events = store.read(group, stream, start, (int) (end - start));
        // A stream never shrinks while it is read, but be safe: only contiguous events ending at `end` count.
        int bytes = 0;
        for (int i = events.size() - 1; i >= 0; i--) {
            bytes += EventBudget.size(events.get(i).message());
            if (bytes > EventBudget.MAX_BYTES) {
                return events.subList(Math.min(i + 1, events.size() - 1), events.size());
            }
        }
        return events;
    }

    private static List<OutputLogEvent> wire(List<LogEvent> events) {
        List<OutputLogEvent> out = new ArrayList<>(events.size());
        for (LogEvent e : events) {
            out.add(new OutputLogEvent(e.timestamp().toEpochMilli(), e.message(), e.ingestionTime().toEpochMilli()));
        }
        return out;
    }

    private static long clamp(long value, long low, long high) {
        return Math.max(low, Math.min(high, value));
    }
}
