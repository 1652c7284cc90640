package dev.sagebox.core.logs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * CloudWatch Logs as Sagebox keeps it: groups of streams of events, written by the capture of container output and
 * read by the Logs API. Group and stream names are CloudWatch's ({@code /aws/sagemaker/TrainingJobs},
 * {@code <job>/algo-1-1700000000}). Events survive a restart. Thread-safe.
 */
public interface LogStore extends AutoCloseable {
    /** Opens a stream for appending, creating it and its group if needed; an existing stream is appended to. */
    LogStreamWriter open(String group, String stream);

    /** Creates the group, with no streams, unless it exists. */
    void createGroup(String group);

    /** Every group, sorted by name. */
    List<LogGroupSummary> groups();

    /** The group's streams sorted by name; empty when the group does not exist. */
    Optional<List<LogStreamSummary>> streams(String group);

    /** One stream; empty when it (or its group) does not exist. */
    Optional<LogStreamSummary> stream(String group, String stream);

    /**
     * The index of the first event of the stream stamped at or after {@code time}, or the event count when none is;
     * 0 for a stream that does not exist.
     */
    long indexAt(String group, String stream, Instant time);

    /**
     * Up to {@code max} events of the stream in write order, starting at index {@code from}; fewer (or none) at the
     * end of the stream or when it does not exist. Events appended while reading may or may not be included.
     */
    List<LogEvent> read(String group, String stream, long from, int max);

    /** Removes the streams of the group whose names start with {@code streamNamePrefix}; the group goes when empty. */
    void deleteStreams(String group, String streamNamePrefix);

    /** Removes the group with all its streams; nothing when there is none. */
    void deleteGroup(String group);

    @Override
    void close();
}
