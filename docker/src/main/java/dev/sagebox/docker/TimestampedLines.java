package dev.sagebox.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns a container's output into lines with the time each was written: Docker's timestamped log output ({@code 2026-12-03T06:45:00.123456789Z message}, one stamp per entry) into
 * lines with the time each was written. An entry without a line break (Docker splits lines of more than 16 KiB)
 * continues the line, whose time is its first part's. Lines written at or before {@code after} are dropped, so a
 * follow resumed after a restart does not repeat what was kept. Stdout and stderr are split separately. Output
 * attached to live carries no stamps ({@link #arriving}): its lines are stamped as they arrive, within milliseconds of
 * being written, and a line that merely starts with a date keeps it.
 */
public final class TimestampedLines implements LogSink {
    private static final int MAX_STAMP = 40;

    private final LogLineSink sink;
    private final Optional<Instant> after;
    private final boolean stamped;
    private final Partial stdout = new Partial();
    private final Partial stderr = new Partial();

    /** For {@link ContainerEngine#followTimestampedLogs}: every entry starts with Docker's stamp. */
    public TimestampedLines(Optional<Instant> after, LogLineSink sink) {
        this(after, sink, true);
    }

    private TimestampedLines(Optional<Instant> after, LogLineSink sink, boolean stamped) {
        this.after = after;
        this.sink = sink;
        this.stamped = stamped;
    }

    /** For {@link ContainerEngine#followOutput}: no stamps in the output, lines take the time they arrive. */
    public static TimestampedLines arriving(LogLineSink sink) {
        return new TimestampedLines(Optional.empty(), sink, false);
    }

    /** The unfinished line of one stream and the time of its first part. */
    private static final class Partial {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant written = Instant.EPOCH;
    }

    @Override
    public void accept(boolean fromStderr, byte[] chunk) {
        Partial partial = fromStderr ? stderr : stdout;
        int i = 0;
        while (i < chunk.length) {
            int stampEnd = stamped ? stampEnd(chunk, i) : -1;
            Instant stamp = Instant.EPOCH;
            if (stampEnd > 0) {
                stamp = parse(chunk, i, stampEnd).orElse(Instant.EPOCH);
                if (!stamp.equals(Instant.EPOCH)) {
                    i = stampEnd + 1;
                }
            }
            if (partial.bytes.size() == 0) {
                partial.written = stamp.equals(Instant.EPOCH) ? Instant.now() : stamp;
            }
            int newline = indexOf(chunk, (byte) '\n', i);
            if (newline < 0) {
                partial.bytes.write(chunk, i, chunk.length - i);
                return;
            }
            partial.bytes.write(chunk, i, newline - i);
            emit(fromStderr, partial);
            i = newline + 1;
        }
    }

    private void emit(boolean fromStderr, Partial partial) {
        byte[] bytes = partial.bytes.toByteArray();
        partial.bytes.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (after.isPresent() && !partial.written.isAfter(after.get())) {
            return;
        }
        sink.line(fromStderr, partial.written, new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    /** Where the stamp at {@code from} ends (the index of the space after it), or -1 if none starts there. */
    private static int stampEnd(byte[] chunk, int from) {
        if (chunk.length - from < 21 || chunk[from + 4] != '-' || chunk[from + 10] != 'T') {
            return -1;
        }
        int limit = Math.min(chunk.length, from + MAX_STAMP);
        for (int j = from + 19; j < limit; j++) {
            if (chunk[j] == ' ') {
                return chunk[j - 1] == 'Z' ? j : -1;
            }
        }
        return -1;
    }

    private static Optional<Instant> parse(byte[] chunk, int from, int end) {
        try {
            return Optional.of(Instant.parse(new String(chunk, from, end - from, StandardCharsets.US_ASCII)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] chunk, byte b, int from) {
        for (int j = from; j < chunk.length; j++) {
            if (chunk[j] == b) {
                return j;
            }
        }
        return -1;
    }

    /** Delivers an unfinished last line of each stream, then ends the sink. */
    @Override
    public void end() {
        if (stdout.bytes.size() > 0) {
            emit(false, stdout);
        }
        if (stderr.bytes.size() > 0) {
            emit(true, stderr);
        }
        sink.end();
    }
}
