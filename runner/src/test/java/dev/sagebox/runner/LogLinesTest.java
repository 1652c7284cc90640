package dev.sagebox.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinesTest {
    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    final List<String> lines = new ArrayList<>();
    final LogLines log = new LogLines("algo-1", (host, at, line) -> {
        assertThat(host).isEqualTo("algo-1");
        assertThat(at).isEqualTo(NOW);
        lines.add(line);
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void chunksAreCutIntoLinesWithoutTheirTerminators() {
        log.accept(false, "a=1\nb=".getBytes(UTF_8));
        log.accept(false, "2\r\nc".getBytes(UTF_8));
        assertThat(lines).containsExactly("a=1", "b=2");
        log.end();
        assertThat(lines).containsExactly("a=1", "b=2", "c");
    }

    @Test
    void stdoutAndStderrHalfLinesAreNotSplicedTogether() {
        log.accept(false, "out ".getBytes(UTF_8));
        log.accept(true, "err\n".getBytes(UTF_8));
        log.accept(false, "line\n".getBytes(UTF_8));
        assertThat(lines).containsExactly("err", "out line");
    }

    @Test
    void aLineWithoutNewlineIsHandedOverInBoundedPieces() {
        log.accept(false, "x".repeat(LogLines.MAX_LINE + 10).getBytes(UTF_8));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).hasSize(LogLines.MAX_LINE);
        log.end();
        assertThat(lines.get(1)).hasSize(10);
    }
}
