package dev.sagebox.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-time console links: once, within five minutes, kept as owner-only files named by the token's hash. */
class ConsoleLinksTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path home;

    /** The links as a server (or console-url) whose clock reads {@code later} after T0 sees them. */
    ConsoleLinks at(Duration later) {
        return ConsoleLinks.inHome(home, Clock.fixed(T0.plus(later), ZoneOffset.UTC));
    }

    @Test
    void aLinkOpensOnceWithinFiveMinutes() {
        String token = at(Duration.ZERO).issue();

        assertThat(at(Duration.ofMinutes(4).plusSeconds(59)).redeem(token)).isTrue();
        assertThat(at(Duration.ofMinutes(4).plusSeconds(59)).redeem(token)).as("second use").isFalse();
    }

    @Test
    void anExpiredLinkIsRefusedAndSpent() {
        String token = at(Duration.ZERO).issue();

        assertThat(at(Duration.ofMinutes(5)).redeem(token)).isFalse();
        assertThat(at(Duration.ZERO).redeem(token)).as("refused links stay refused").isFalse();
    }

    @Test
    void unknownAndMalformedTokensOpenNothing() {
        at(Duration.ZERO).issue();

        assertThat(at(Duration.ZERO).redeem("A".repeat(43))).isFalse();
        assertThat(at(Duration.ZERO).redeem("../../db/sagebox")).isFalse();
        assertThat(at(Duration.ZERO).redeem("")).isFalse();
        assertThat(at(Duration.ZERO).redeem(null)).isFalse();
    }

    @Test
    void theFolderIsOwnerOnlyAndHoldsHashesNotTokens() throws Exception {
        Path fresh = home.resolve("not-yet-made");
        String token = ConsoleLinks.inHome(fresh, Clock.fixed(T0, ZoneOffset.UTC)).issue();

        Path links = fresh.resolve("console").resolve("links");
        for (Path dir : new Path[] {fresh, fresh.resolve("console"), links}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
        }
        try (Stream<Path> files = Files.list(links)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ConsoleLinks.hash(token));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(links.resolve(ConsoleLinks.hash(token)))))
                .isEqualTo("rw-------");
    }

    @Test
    void issuingRemovesExpiredLinks() throws Exception {
        at(Duration.ZERO).issue();
        String fresh = at(Duration.ofMinutes(6)).issue();

        try (Stream<Path> files = Files.list(home.resolve("console").resolve("links"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ConsoleLinks.hash(fresh));
        }
    }
}
