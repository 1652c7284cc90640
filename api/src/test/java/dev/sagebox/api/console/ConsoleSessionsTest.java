package dev.sagebox.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Console sessions: open for twelve hours, unguessable, unknown ids refused. */
class ConsoleSessionsTest {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final ConsoleSessions sessions = new ConsoleSessions(() -> now);

    @Test
    void aSessionLastsTwelveHours() {
        String id = sessions.open();
        now = now.plus(ConsoleSessions.LIFETIME).minusSeconds(1);
        assertThat(sessions.isOpen(id)).isTrue();
        now = now.plus(Duration.ofSeconds(1));
        assertThat(sessions.isOpen(id)).isFalse();
    }

    @Test
    void onlyIssuedIdsAreOpen() {
        String id = sessions.open();
        assertThat(sessions.open()).isNotEqualTo(id).hasSize(43);
        assertThat(sessions.isOpen(id + "x")).isFalse();
        assertThat(sessions.isOpen("")).isFalse();
        assertThat(sessions.isOpen(null)).isFalse();
    }
}
