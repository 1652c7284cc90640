package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Presigned-URL tokens: once, within five minutes, for one notebook; sessions as long as asked. */
class NotebookAccessTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final NotebookAccess access = new NotebookAccess(clock);

    @Test
    void aTokenOpensOneSessionOnceWithinFiveMinutes() {
        String token = access.issueUrlToken("nb-1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));

        NotebookAccess.Session session = access.redeem("NB-1", token).orElseThrow();

        assertThat(session.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(access.authorised("nb-1", session.id())).isTrue();
        assertThat(access.redeem("nb-1", token)).as("second use").isEmpty();
    }

    @Test
    void aTokenOlderThanFiveMinutesOpensNothing() {
        String token = access.issueUrlToken("nb-1", NotebookAccess.DEFAULT_SESSION);
        clock.advance(NotebookAccess.URL_LIFETIME);

        assertThat(access.redeem("nb-1", token)).isEmpty();
    }

    @Test
    void aTokenShownToAnotherNotebookOpensNothingAndIsNotSpent() {
        String token = access.issueUrlToken("nb-1", NotebookAccess.DEFAULT_SESSION);

        assertThat(access.redeem("nb-2", token)).isEmpty();
        assertThat(access.redeem("nb-1", token)).as("still usable on its own notebook").isPresent();
        assertThat(access.redeem("nb-1", token)).as("then spent").isEmpty();
    }

    @Test
    void aSessionEndsAfterItsDurationAndOnlyOpensItsNotebook() {
        NotebookAccess.Session session = access.redeem("nb-1",
                access.issueUrlToken("nb-1", Duration.ofSeconds(1800))).orElseThrow();

        assertThat(access.authorised("nb-2", session.id())).isFalse();
        clock.advance(Duration.ofSeconds(1799));
        assertThat(access.authorised("nb-1", session.id())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(access.authorised("nb-1", session.id())).isFalse();
    }

    @Test
    void revokingANotebookEndsItsSessionsAndUnusedUrls() {
        NotebookAccess.Session session = access.redeem("nb-1",
                access.issueUrlToken("nb-1", NotebookAccess.DEFAULT_SESSION)).orElseThrow();
        String unused = access.issueUrlToken("nb-1", NotebookAccess.DEFAULT_SESSION);
        NotebookAccess.Session other = access.redeem("nb-2",
                access.issueUrlToken("nb-2", NotebookAccess.DEFAULT_SESSION)).orElseThrow();

        access.revoke("NB-1");

        assertThat(access.authorised("nb-1", session.id())).isFalse();
        assertThat(access.redeem("nb-1", unused)).isEmpty();
        assertThat(access.authorised("nb-2", other.id())).isTrue();
    }

    @Test
    void unknownSessionsAndTokensAreRefused() {
        assertThat(access.authorised("nb-1", "made-up")).isFalse();
        assertThat(access.redeem("nb-1", "made-up")).isEmpty();
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

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
    }
}
