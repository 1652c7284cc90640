package dev.sagebox.api.logs;

import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogGroupSummary;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory LogStore for tests: events in lists, ingestion times from the given clock. */
public final class FakeLogStore implements LogStore {
    private final Clock clock;
    private final Map<String, Map<String, Stream>> groups = new TreeMap<>();

    public FakeLogStore(Clock clock) {
        this.clock = clock;
    }

    private static final class Stream {
        final String name;
        final Instant created;
        final List<LogEvent> events = new ArrayList<>();
        long bytes;

        Stream(String name, Instant created) {
            this.name = name;
            this.created = created;
        }

        LogStreamSummary summary() {
            Optional<Instant> first = events.isEmpty() ? Optional.empty() : Optional.of(events.get(0).timestamp());
            Optional<Instant> last = events.isEmpty() ? Optional.empty()
                    : Optional.of(events.get(events.size() - 1).timestamp());
            Instant ingested = events.isEmpty() ? created : events.get(events.size() - 1).ingestionTime();
            return new LogStreamSummary(name, created, first, last, ingested, events.size(), bytes);
        }
    }

    @Override
    public synchronized LogStreamWriter open(String group, String streamName) {
        Stream stream = groups.computeIfAbsent(group, g -> new TreeMap<>())
                .computeIfAbsent(streamName, n -> new Stream(n, clock.instant()));
        return new LogStreamWriter() {
            @Override
            public void append(Instant timestamp, String message) {
                synchronized (FakeLogStore.this) {
                    Instant at = timestamp;
                    if (!stream.events.isEmpty()) {
                        Instant last = stream.events.get(stream.events.size() - 1).timestamp();
                        at = at.isBefore(last) ? last : at;
                    }
                    stream.events.add(new LogEvent(stream.events.size(), at, clock.instant(), message));
                    stream.bytes += message.getBytes(StandardCharsets.UTF_8).length;
                }
            }

            @Override
            public void close() {
                // Everything appended is visible at once.
            }
        };
    }

    @Override
    public synchronized List<LogGroupSummary> groups() {
        List<LogGroupSummary> out = new ArrayList<>();
        groups.forEach((name, streams) -> out.add(new LogGroupSummary(name,
                streams.values().stream().map(s -> s.created).min(Instant::compareTo).orElse(Instant.EPOCH),
                streams.values().stream().mapToLong(s -> s.bytes).sum())));
        return out;
    }

    @Override
    public synchronized Optional<List<LogStreamSummary>> streams(String group) {
        return Optional.ofNullable(groups.get(group)).map(s -> s.values().stream().map(Stream::summary).toList());
    }

    @Override
    public synchronized Optional<LogStreamSummary> stream(String group, String stream) {
        return Optional.ofNullable(groups.get(group)).map(s -> s.get(stream)).map(Stream::summary);
    }

    @Override
    public synchronized long indexAt(String group, String streamName, Instant time) {
        Stream stream = Optional.ofNullable(groups.get(group)).map(s -> s.get(streamName)).orElse(null);
        if (stream == null) {
            return 0;
        }
        int low = 0;
        int high = stream.events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (stream.events.get(mid).timestamp().isBefore(time)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public synchronized List<LogEvent> read(String group, String streamName, long from, int max) {
        Stream stream = Optional.ofNullable(groups.get(group)).map(s -> s.get(streamName)).orElse(null);
        if (stream == null || from >= stream.events.size()) {
            return List.of();
        }
        return List.copyOf(stream.events.subList((int) from, (int) Math.min(stream.events.size(), from + max)));
    }

    @Override
    public synchronized void deleteStreams(String group, String streamNamePrefix) {
        Map<String, Stream> streams = groups.get(group);
        if (streams != null) {
            streams.keySet().removeIf(n -> n.startsWith(streamNamePrefix));
            if (streams.isEmpty()) {
                groups.remove(group);
            }
        }
    }

    @Override
    public synchronized void deleteGroup(String group) {
        groups.remove(group);
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
