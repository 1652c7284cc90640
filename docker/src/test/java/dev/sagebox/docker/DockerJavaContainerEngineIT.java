package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.RemoteApiVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerJavaContainerEngineIT extends DockerItBase {
    @Test
    void reportsTheEngineAndSpeaksAVersionItAccepts() {
        EngineInfo info = engine.info();
        assertThat(info.cpus()).isPositive();
        assertThat(info.memoryBytes()).isPositive();
        assertThat(info.runtimes()).contains("runc");
        assertThat(info.serverVersion()).isNotBlank();
        RemoteApiVersion server = RemoteApiVersion.parseConfig(info.apiVersion());
        assertThat(server.isGreaterOrEqual(RemoteApiVersion.parseConfig(engine.apiVersion()))).isTrue();
    }

    @Test
    void runsAContainerAndReportsItsExitCode() {
        ContainerSpec spec = python("exit3", "import sys; print('bye'); sys.exit(3)");
        Finished end = runToEnd(spec);

        assertThat(end.exitCode()).isEqualTo(3);
        assertThat(end.stdout()).isEqualTo("bye\n");
        ContainerState state = engine.inspect(end.id()).orElseThrow();
        assertThat(state.running()).isFalse();
        assertThat(state.exitCode()).hasValue(3);
        assertThat(state.oomKilled()).isFalse();
        assertThat(state.name()).isEqualTo(spec.name());
        assertThat(state.labels()).containsAllEntriesOf(spec.labels());
        assertThat(engine.awaitExit(end.id(), Duration.ZERO)).hasValue(3);
    }

    @Test
    void passesEnvironmentAndHostname() {
        Finished end = runToEnd(spec("env", "sh", "-c", "echo \"$GREETING $(hostname)\"")
                .withEnv(Map.of("GREETING", "hello=world")).withHostname("algo-1"));
        assertThat(end.exitCode()).isZero();
        assertThat(end.stdout()).isEqualTo("hello=world algo-1\n");
    }

    @Test
    void appliesCpuAndMemoryLimits() {
        String show = "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                + " cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us";
        Finished end = runToEnd(spec("limits", "sh", "-c", show)
                .withLimits(new ResourceLimits(500_000_000L, 128L << 20, 0)));
        assertThat(end.exitCode()).isZero();
        assertThat(end.stdout()).contains(String.valueOf(128L << 20)).contains("50000");
    }

    @Test
    void awaitExitReturnsEmptyWhileTheContainerRuns() {
        String id = engine.start(spec("sleeper", "sleep", "300"));
        assertThat(engine.awaitExit(id, Duration.ofMillis(300))).isEmpty();
        ContainerState state = engine.inspect(id).orElseThrow();
        assertThat(state.running()).isTrue();
        assertThat(state.exitCode()).isEmpty();
        noStreamingThreadsLeft();
    }

    @Test
    void aMissingImageFailsWithoutPulling() {
        String image = "sagebox/never-built-" + newServerId() + ":latest";
        ContainerSpec spec = ContainerSpec.of(image, newServerId() + "-x", List.of(), labels(newServerId(), "x"));

        assertThat(engine.imageExists(image)).isFalse();
        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(NoSuchImageException.class)
                .hasMessageContaining(image).hasMessageContaining("never pulls");
        assertThat(engine.imageExists(image)).isFalse();
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
    }

    @Test
    void aStartTheEngineRefusesLeavesNoContainer() {
        // No nvidia runtime here: the device request is refused at start, after create.
        assertThat(engine.info().hasNvidiaRuntime()).as("this test assumes a machine without GPUs").isFalse();
        ContainerSpec spec = spec("gpu", "true").withLimits(new ResourceLimits(0, 0, 1));
        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("start container");
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
    }

    @Test
    void aNameInUseIsRefused() {
        ContainerSpec spec = spec("twin", "sleep", "300");
        engine.start(spec);
        assertThatThrownBy(() -> engine.start(spec)).isExactlyInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("409").hasMessageContaining("already in use");
    }

    @Test
    void absentContainersAreAbsentNotErrors() {
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(engine.inspect(id)).isEmpty();
        engine.remove(id);
        engine.stop(id, Duration.ofSeconds(1));
        assertThatThrownBy(() -> engine.awaitExit(id, Duration.ofSeconds(1)))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> engine.followLogs(id, new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void removeStopsAndDeletesARunningContainer() {
        String id = engine.start(spec("doomed", "sleep", "300"));
        engine.remove(id);
        assertThat(engine.inspect(id)).isEmpty();
    }

    @Test
    void listsContainersByLabel() {
        String a = engine.start(spec("a", "sleep", "300"));
        String serverId = newServerId();
        ContainerSpec other = ContainerSpec.of(IMAGE, serverId + "-b", List.of("true"), labels(serverId, "b"));
        String b = engine.start(other);
        engine.awaitExit(b, TIMEOUT);

        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId)))
                .extracting(ContainerState::id).containsExactly(b);
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.ROLE, "b")))
                .singleElement().satisfies(s -> assertThat(s.exitCode()).hasValue(0));
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.ROLE, "a", SageboxLabels.RESOURCE, ARN)))
                .extracting(ContainerState::id).contains(a).doesNotContain(b);
    }

    static void noStreamingThreadsLeft() {
        Poll.until(Duration.ofSeconds(10), "docker-java streaming threads to end", () -> Thread.getAllStackTraces()
                .keySet().stream().noneMatch(t -> t.isAlive() && t.getName().startsWith("docker-java-stream")));
    }
}
