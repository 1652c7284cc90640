package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
            // A grace far longer than the wait below, so stop returning at all means it returned when the trap
            // exited, not when the grace ran out (an order, not a measured window).
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> engine.stop(id, Duration.ofMinutes(10)));
            Poll.until(TIMEOUT, "stop to return once the container's trap has exited", stopped::isDone);
            stopped.join();

            // 42 is the trap's own exit, not the kill's 137.
            assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(42);
            sink.awaitEnd(TIMEOUT);
            assertThat(sink.stdout()).contains("got-term");
        }
    }

    @Test
    void stopKillsAContainerThatIgnoresSigtermAfterTheGrace() {
        // The trap notes SIGTERM and carries on: the container outlives it, as one that ignores it does.
        String id = engine.start(spec("stubborn", "bash", "-c", "trap 'echo got-term' TERM; " + LOOP));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            Duration grace = Duration.ofSeconds(2);
            long started = System.nanoTime();
            engine.stop(id, grace);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Order: SIGTERM first (the trap saw it and the container lived on), then the kill.
            assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(137);
            sink.awaitEnd(TIMEOUT);
            assertThat(sink.stdout()).contains("got-term");
            // The grace is a window SageMaker defines (StopTrainingJob: SIGTERM, then SIGKILL once the grace is over),
            // so it is asserted: never killed before the grace, a bound no load can break; the upper bound is
            // generous on purpose and only catches a stop that does not kill at all.
            assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plus(TIMEOUT));
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
