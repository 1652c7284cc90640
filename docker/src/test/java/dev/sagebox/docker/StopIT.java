package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopIT extends DockerItBase {
    /** Sleeps in the background so bash, as PID 1, runs its trap as soon as a signal arrives. */
    private static final String LOOP = "echo ready; while :; do sleep 1 & wait $!; done";

    @Test
    void stopSendsSigtermThatATrapSees() {
        String id = engine.start(spec("trap", "bash", "-c", "trap 'echo got-term; exit 42' TERM; " + LOOP));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            long started = System.nanoTime();
            engine.stop(id, Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(42);
            assertThat(took).isLessThan(Duration.ofSeconds(15));
            sink.awaitEnd(TIMEOUT);
            assertThat(sink.stdout()).contains("got-term");
        }
    }

    @Test
    void stopKillsAContainerThatIgnoresSigtermAfterTheGrace() {
        String id = engine.start(spec("stubborn", "bash", "-c", "trap '' TERM; " + LOOP));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            long started = System.nanoTime();
            engine.stop(id, Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(137);
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
        }
    }

    @Test
    void stoppingAnExitedContainerChangesNothing() {
        String id = engine.start(spec("done", "sh", "-c", "exit 7"));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(7);
        engine.stop(id, Duration.ofSeconds(1));
        assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(7);
    }
}
