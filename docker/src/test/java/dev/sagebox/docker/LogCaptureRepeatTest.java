package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.logs.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A resumed read skips the last kept line when the engine stamps it a moment after it arrived live. */
class LogCaptureRepeatTest {
    static final Instant KEPT = Instant.parse("2026-12-04T01:00:00.696Z");
    static final LogEvent LAST = new LogEvent(0, KEPT, KEPT, "serving on port 8080");

    @Test
    void theLastKeptLineStampedJustAfterIsSkippedOnce() {
        List<String> got = new ArrayList<>();
        LogLineSink sink = LogCapture.skipRepeatOf(Optional.of(LAST), (stderr, written, line) -> got.add(line));
        sink.line(false, KEPT.plusMillis(1), "serving on port 8080");
        sink.line(false, KEPT.plusMillis(2), "serving on port 8080");
        sink.line(false, KEPT.plusMillis(3), "next");
        assertThat(got).containsExactly("serving on port 8080", "next");
    }

    @Test
    void anotherLineOrTheSameTextLaterIsKept() {
        List<String> other = new ArrayList<>();
        LogCapture.skipRepeatOf(Optional.of(LAST), (stderr, written, line) -> other.add(line))
                .line(false, KEPT.plusMillis(1), "something else");
        List<String> later = new ArrayList<>();
        LogCapture.skipRepeatOf(Optional.of(LAST), (stderr, written, line) -> later.add(line))
                .line(false, KEPT.plus(LogCapture.REPEAT_WINDOW).plusMillis(1), "serving on port 8080");
        assertThat(other).containsExactly("something else");
        assertThat(later).containsExactly("serving on port 8080");
    }
}
