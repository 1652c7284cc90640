package dev.sagebox.api.logs;

import dev.sagebox.api.logs.LogsWire.FilterLogEventsRequest;
import dev.sagebox.api.logs.LogsWire.FilterLogEventsResponse;
import dev.sagebox.api.logs.LogsWire.FilteredLogEvent;
import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * FilterLogEvents: the matching events of the chosen streams of a group merged in time order (startTime and endTime
 * both inclusive), each with its stream and an event id, paged by {@link FilterToken}. Each stream is read in chunks
 * from the first event the range (or the token) allows.
 */
final class FilterLogEvents {
    private static final int DEFAULT_LIMIT = 10_000;
    private static final int CHUNK = 1_000;

    private final LogStore store;
    private final LogGroupNames names;

    FilterLogEvents(LogStore store, LogGroupNames names) {
        this.store = store;
        this.names = names;
    }

    FilterLogEventsResponse filter(FilterLogEventsRequest request) {
        String group = names.resolve(request.logGroupName(), request.logGroupIdentifier());
        if (request.logStreamNames().isPresent() && request.logStreamNamePrefix().isPresent()) {
            throw LogsErrors.invalidParameter("Cannot specify both logStreamNamePrefix and logStreamNames");
        }
        List<LogStreamSummary> all = store.streams(group).orElseThrow(LogsErrors::groupNotFound);
        FilterPattern pattern = FilterPattern.parse(request.filterPattern().orElse(""));
        Optional<FilterToken> after = FilterToken.decode(request.nextToken());
        int limit = request.limit().orElse(DEFAULT_LIMIT);

        Set<String> named = new HashSet<>(request.logStreamNames().orElse(List.of()));
        String prefix = request.logStreamNamePrefix().orElse("");
        long startMillis = Math.max(request.startTime().orElse(0L), after.map(FilterToken::timestamp).orElse(0L));
        PriorityQueue<Cursor> cursors = new PriorityQueue<>(Comparator.comparingLong(Cursor::headTimestamp)
                .thenComparing(Cursor::stream).thenComparingLong(Cursor::headIndex));
        for (LogStreamSummary stream : all) {
            if ((named.isEmpty() || named.contains(stream.name())) && stream.name().startsWith(prefix)) {
                long from = store.indexAt(group, stream.name(), Instant.ofEpochMilli(startMillis));
                long to = request.endTime()
                        .map(t -> store.indexAt(group, stream.name(), Instant.ofEpochMilli(t).plusMillis(1)))
                        .orElse(stream.eventCount());
                Cursor cursor = new Cursor(group, stream.name(), from, to);
                if (cursor.advance()) {
                    cursors.add(cursor);
                }
            }
        }

        List<FilteredLogEvent> events = new ArrayList<>();
        int bytes = 0;
        FilterToken last = null;
        while (!cursors.isEmpty()) {
            Cursor cursor = cursors.poll();
            LogEvent event = cursor.head();
            long timestamp = event.timestamp().toEpochMilli();
            boolean fresh = after.isEmpty() || after.get().isBefore(timestamp, cursor.stream(), event.index());
            if (fresh && (pattern.matchesAll() || pattern.matches(event.message()))) {
                int size = EventBudget.size(event.message());
                if (events.size() >= limit || (bytes + size > EventBudget.MAX_BYTES && !events.isEmpty())) {
                    return new FilterLogEventsResponse(events, Optional.of(last.encode()));
                }
                bytes += size;
                events.add(new FilteredLogEvent(cursor.stream(), timestamp, event.message(),
                        event.ingestionTime().toEpochMilli(), eventId(timestamp, group, cursor.stream(), event.index())));
                last = new FilterToken(timestamp, cursor.stream(), event.index());
            }
            if (cursor.advance()) {
                cursors.add(cursor);
            }
        }
        return new FilterLogEventsResponse(events, Optional.empty());
    }

    /** 56 digits like AWS's: the time, the stream's tag and the event's index, unique within the group. */
    private static String eventId(long timestamp, String group, String stream, long index) {
        String time = Long.toString(timestamp);
        String tag = Long.toString(StreamTag.of(group, stream));
        String position = Long.toString(index);
        return "0".repeat(20 - time.length()) + time + "0".repeat(16 - tag.length()) + tag
                + "0".repeat(20 - position.length()) + position;
    }

    /** One stream's events from {@code next} up to (not including) {@code end}, read a chunk at a time. */
    private final class Cursor {
        private final String group;
        private final String stream;
        private final long end;
        private long next;
        private final ArrayDeque<LogEvent> buffer = new ArrayDeque<>();
        private LogEvent head;

        Cursor(String group, String stream, long from, long end) {
            this.group = group;
            this.stream = stream;
            this.next = from;
            this.end = end;
        }

        /** Moves to the next event; false at the end. */
        boolean advance() {
            if (buffer.isEmpty() && next < end) {
                List<LogEvent> chunk = store.read(group, stream, next, (int) Math.min(CHUNK, end - next));
                buffer.addAll(chunk);
                next += chunk.isEmpty() ? end - next : chunk.size();
            }
            head = buffer.poll();
            return head != null;
        }

        LogEvent head() {
            return head;
        }

        String stream() {
            return stream;
        }

        long headTimestamp() {
            return head.timestamp().toEpochMilli();
        }

        long headIndex() {
            return head.index();
        }
    }
}
