package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimestampedLinesTest {
    record Line(boolean stderr, Instant written, String text) {
    }

    final List<Line> lines = new ArrayList<>();
    boolean ended;

    TimestampedLines splitter(Optional<Instant> after) {
        return new TimestampedLines(after, new LogLineSink() {
            @Override
            public void line(boolean stderr, Instant written, String line) {
                lines.add(new Line(stderr, written, line));
            }

            @Override
            public void end() {
                ended = true;
            }
        });
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachStampedEntryIsALineWithTheTimeDockerStampedOnIt() {
        TimestampedLines split = splitter(Optional.empty());
        split.accept(false, bytes("2026-12-03T06:45:00.123456789Z epoch 1 loss=0.5\n"));
        split.accept(true, bytes("2026-12-03T06:45:01Z warning: ünïcode\r\n"));
        split.accept(false, bytes("2026-12-03T06:45:02.5Z 2026-01-01T00:00:00Z the app's own stamp stays\n"));
        assertThat(lines).containsExactly(
                new Line(false, Instant.parse("2026-12-03T06:45:00.123456789Z"), "epoch 1 loss=0.5"),
                new Line(true, Instant.parse("2026-12-03T06:45:01Z"), "warning: ünïcode"),
                new Line(false, Instant.parse("2026-12-03T06:45:02.5Z"), "2026-01-01T00:00:00Z the app's own stamp stays"));
    }

    @Test
    void aLineSplitOverEntriesKeepsItsFirstTimeAndStreamsDoNotMix() {
        TimestampedLines split = splitter(Optional.empty());
        split.accept(false, bytes("2026-12-03T06:45:00Z first part, "));
        split.accept(true, bytes("2026-12-03T06:45:00.5Z an error\n"));
        split.accept(false, bytes("2026-12-03T06:45:01Z second part\n"));
        split.accept(false, bytes("2026-12-03T06:45:02Z no line break at the end"));
        split.end();
        assertThat(lines).containsExactly(
                new Line(true, Instant.parse("2026-12-03T06:45:00.5Z"), "an error"),
                new Line(false, Instant.parse("2026-12-03T06:45:00Z"), "first part, second part"),
                new Line(false, Instant.parse("2026-12-03T06:45:02Z"), "no line break at the end"));
        assertThat(ended).isTrue();
    }

    @Test
    void severalEntriesInOneChunkAreSeveralLines() {
        TimestampedLines split = splitter(Optional.empty());
        split.accept(false, bytes("2026-12-03T06:45:00Z a\n2026-12-03T06:45:01Z b\n"));
        assertThat(lines).extracting(Line::text).containsExactly("a", "b");
        assertThat(lines.get(1).written()).isEqualTo(Instant.parse("2026-12-03T06:45:01Z"));
    }

    @Test
    void linesAtOrBeforeWhatWasAlreadyKeptAreDropped() {
        TimestampedLines split = splitter(Optional.of(Instant.parse("2026-12-03T06:45:01Z")));
        split.accept(false, bytes("2026-12-03T06:45:00Z kept before the restart\n"));
        split.accept(false, bytes("2026-12-03T06:45:01Z also kept\n"));
        split.accept(false, bytes("2026-12-03T06:45:01.001Z new\n"));
        assertThat(lines).extracting(Line::text).containsExactly("new");
    }
}
