package dev.sagebox.api.logs;

import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogGroupSummary;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that keeps nothing: the Logs API answers (no groups) until the file-backed store is wired in the
 * composition root. Writes are dropped.
 */
public final class NoLogStore implements LogStore {
    @Override
    public LogStreamWriter open(String group, String stream) {
        return new LogStreamWriter() {
            @Override
            public void append(Instant timestamp, String message) {
                // Dropped: there is nowhere to keep it.
            }

            @Override
            public void close() {
                // Nothing to flush.
            }
        };
    }

    @Override
    public List<LogGroupSummary> groups() {
        return List.of();
    }

    @Override
    public Optional<List<LogStreamSummary>> streams(String group) {
        return Optional.empty();
    }

    @Override
    public Optional<LogStreamSummary> stream(String group, String stream) {
        return Optional.empty();
    }

    @Override
    public long indexAt(String group, String stream, Instant time) {
        return 0;
    }

    @Override
    public List<LogEvent> read(String group, String stream, long from, int max) {
        return List.of();
    }

    @Override
    public void deleteStreams(String group, String streamNamePrefix) {
        // Nothing kept, nothing to remove.
    }

    @Override
    public void deleteGroup(String group) {
        // Nothing kept, nothing to remove.
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
