package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogsIT extends DockerItBase {
    @Test
    void followKeepsStdoutAndStderrApart() {
        String id = engine.start(python("streams", String.join("\n",
                "import sys",
                "print('out-1', flush=True)",
                "print('err-1', file=sys.stderr, flush=True)",
                "print('out-2', flush=True)")));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.stdout()).isEqualTo("out-1\nout-2\n");
        assertThat(sink.stderr()).isEqualTo("err-1\n");
        assertThat(sink.ends()).isEqualTo(1);
    }

    @Test
    void followStartsFromTheBeginningEvenAfterTheContainerExited() {
        String id = engine.start(spec("early", "sh", "-c", "echo first; echo second >&2"));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);

        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitEnd(TIMEOUT);
        }
        assertThat(sink.stdout()).isEqualTo("first\n");
        assertThat(sink.stderr()).isEqualTo("second\n");
    }

    @Test
    void attachingToAContainerThatHasExitedIsRefusedAndItsLogStillHasEverything() {
        // The engine itself answers such an attach and then holds it open, silent, until the container starts again.
        String id = engine.start(spec("gone", "sh", "-c", "echo only"));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);
        RecordingLogSink attached = new RecordingLogSink();
        assertThatThrownBy(() -> engine.followOutput(id, attached)).isInstanceOf(NoSuchContainerException.class);
        assertThat(attached.stdout()).isEmpty();
        assertThat(attached.ends()).isZero();

        RecordingLogSink read = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, read)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(read.stdout()).isEqualTo("only\n");
    }

    @Test
    void anAttachToARunningContainerDeliversItsOutputAndEndsWithIt() {
        String id = engine.start(python("attached", String.join("\n",
                "import sys, time",
                "time.sleep(1)",
                "print('line-1', flush=True)",
                "print('line-2', file=sys.stderr, flush=True)")));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followOutput(id, sink)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.stdout()).isEqualTo("line-1\n");
        assertThat(sink.stderr()).isEqualTo("line-2\n");
        assertThat(sink.ends()).isEqualTo(1);
    }

    @Test
    void closingAFollowEndsItAndLeavesNoThread() {
        String id = engine.start(python("chatty", String.join("\n",
                "import time",
                "i = 0",
                "while True:",
                "    print('tick', i, flush=True)",
                "    i += 1",
                "    time.sleep(0.1)")));
        RecordingLogSink sink = new RecordingLogSink();
        LogFollow follow = engine.followLogs(id, sink);
        sink.awaitText("tick 3", TIMEOUT);
        assertThat(streamingThreads()).as("the follow runs on a docker-java streaming thread").isPositive();

        follow.close();

        assertThat(sink.ends()).isEqualTo(1);
        DockerJavaContainerEngineIT.noStreamingThreadsLeft();
        String frozen = sink.all();
        // The container still runs and prints; a second follow sees the whole output again.
        RecordingLogSink again = new RecordingLogSink();
        try (LogFollow second = engine.followLogs(id, again)) {
            again.awaitText(frozen, TIMEOUT);
        }
        assertThat(sink.all()).isEqualTo(frozen);
        assertThat(again.ends()).isEqualTo(1);
        follow.close();
        assertThat(sink.ends()).isEqualTo(1);
        DockerJavaContainerEngineIT.noStreamingThreadsLeft();
    }

    @Test
    void aFollowEndsWhenTheContainerIsRemoved() {
        String id = engine.start(spec("removed", "sh", "-c", "echo before; exec sleep 300"));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            engine.remove(id);
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.ends()).isEqualTo(1);
        DockerJavaContainerEngineIT.noStreamingThreadsLeft();
    }

    @Test
    void awaitEndReportsAStreamThatGoesOn() {
        String id = engine.start(spec("long", "sleep", "300"));
        try (LogFollow follow = engine.followLogs(id, new RecordingLogSink())) {
            assertThat(follow.awaitEnd(java.time.Duration.ofMillis(200))).isFalse();
        }
    }

    private static long streamingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("docker-java-stream")).count();
    }
}
