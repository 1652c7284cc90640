package dev.sagebox.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Console sessions: open for twelve hours, unguessable, unknown ids refused. */
class ConsoleSessionsTest {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final ConsoleSessions sessions = new ConsoleSessions(clock);

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
