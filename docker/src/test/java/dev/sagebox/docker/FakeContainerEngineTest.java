package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake stands in for Docker in other modules' tests, so it must keep the port's promises too. */
class FakeContainerEngineTest {
    private static final String IMAGE = "img:latest";
    private final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);

    private ContainerSpec spec(String name) {
        return ContainerSpec.of(IMAGE, name, List.of("train"), SageboxLabels.forResource("s", "arn", name));
    }

    @Test
    void startsRecordsAndInspects() {
        String id = engine.start(spec("algo-1").withPublishedPorts(List.of(8080)));

        assertThat(engine.startedSpecs()).extracting(ContainerSpec::name).containsExactly("algo-1");
        ContainerState state = engine.inspect(id).orElseThrow();
        assertThat(state.running()).isTrue();
        assertThat(state.exitCode()).isEmpty();
        assertThat(state.hostPort(8080)).isPresent();
        assertThat(engine.container("algo-1").orElseThrow().id()).isEqualTo(id);
        assertThat(id).hasSize(64);
    }

    @Test
    void refusesLikeTheEngine() {
        assertThatThrownBy(() -> engine.start(ContainerSpec.of("missing", "x", List.of(), spec("x").labels())))
                .isInstanceOf(NoSuchImageException.class);
        engine.start(spec("twin"));
        assertThatThrownBy(() -> engine.start(spec("twin"))).hasMessageContaining("already in use");
        assertThatThrownBy(() -> engine.start(spec("lost").withNetwork("nope", List.of())))
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> engine.start(spec("bad").withJoinNetworkOf("x").withHostname("h")))
                .isInstanceOf(IllegalArgumentException.class);
        engine.failNextStart(new ContainerEngineException("boom", null));
        assertThatThrownBy(() -> engine.start(spec("once"))).hasMessage("boom");
        engine.start(spec("once"));
    }

    @Test
    void awaitExitBlocksUntilAnotherThreadExitsTheContainer() throws Exception {
        String id = engine.start(spec("algo-1"));
        assertThat(engine.awaitExit(id, Duration.ofMillis(10))).isEmpty();

        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(
                () -> engine.awaitExit(id, Duration.ofSeconds(30)).orElse(-1));
        engine.container(id).orElseThrow().exit(2);

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(2);
    }

    @Test
    void logsAreFollowedFromTheStartAndEndAtExit() {
        engine.onStart(c -> c.stdout("booting\n"));
        String id = engine.start(spec("algo-1"));
        RecordingLogSink sink = new RecordingLogSink();
        LogFollow follow = engine.followLogs(id, sink);
        engine.container(id).orElseThrow().stderr("oops\n").stdout("done\n").exit(0);

        assertThat(sink.stdout()).isEqualTo("booting\ndone\n");
        assertThat(sink.stderr()).isEqualTo("oops\n");
        assertThat(sink.ends()).isEqualTo(1);
        assertThat(follow.awaitEnd(Duration.ZERO)).isTrue();
        follow.close();
        assertThat(sink.ends()).isEqualTo(1);

        RecordingLogSink late = new RecordingLogSink();
        engine.followLogs(id, late);
        assertThat(late.all()).isEqualTo("booting\noops\ndone\n");
        assertThat(late.ends()).isEqualTo(1);
    }

    @Test
    void closingAFollowStopsDelivery() {
        String id = engine.start(spec("algo-1"));
        RecordingLogSink sink = new RecordingLogSink();
        engine.followLogs(id, sink).close();
        engine.container(id).orElseThrow().stdout("unheard\n");
        assertThat(sink.all()).isEmpty();
        assertThat(sink.ends()).isEqualTo(1);
    }

    @Test
    void stopRecordsTheGraceAndFollowsTheContainersReaction() {
        String polite = engine.start(spec("polite"));
        String trapped = engine.start(spec("trapped"));
        String stubborn = engine.start(spec("stubborn"));
        engine.container(trapped).orElseThrow().exitOnSigterm(0).onSigterm(
                () -> engine.container(trapped).orElseThrow().stdout("saving\n"));
        engine.container(stubborn).orElseThrow().ignoreSigterm();

        engine.stop(polite, Duration.ofSeconds(120));
        engine.stop(trapped, Duration.ofSeconds(30));
        engine.stop(stubborn, Duration.ofSeconds(1));

        assertThat(engine.inspect(polite).orElseThrow().exitCode()).hasValue(FakeContainerEngine.SIGTERM_EXIT);
        assertThat(engine.container(polite).orElseThrow().stopRequests()).containsExactly(Duration.ofSeconds(120));
        assertThat(engine.inspect(trapped).orElseThrow().exitCode()).hasValue(0);
        assertThat(engine.container(trapped).orElseThrow().output()).isEqualTo("saving\n");
        assertThat(engine.inspect(stubborn).orElseThrow().exitCode()).hasValue(FakeContainerEngine.SIGKILL_EXIT);
        engine.stop(polite, Duration.ofSeconds(5));
        assertThat(engine.container(polite).orElseThrow().stopRequests()).hasSize(1);
    }

    @Test
    void absentContainersAreAbsent() {
        assertThat(engine.inspect("nope")).isEmpty();
        engine.remove("nope");
        engine.stop("nope", Duration.ofSeconds(1));
        assertThatThrownBy(() -> engine.awaitExit("nope", Duration.ZERO)).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> engine.followLogs("nope", new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void removeKillsAndForgets() {
        String id = engine.start(spec("algo-1"));
        RecordingLogSink sink = new RecordingLogSink();
        engine.followLogs(id, sink);
        engine.remove(id);
        assertThat(engine.inspect(id)).isEmpty();
        assertThat(sink.ends()).isEqualTo(1);
        assertThat(engine.startedSpecs()).hasSize(1);
    }

    @Test
    void networksAndVolumesBehaveLikeTheEngines() {
        Map<String, String> labels = Map.of("sagebox.instance", "s");
        engine.createNetwork("net", labels);
        engine.createVolume("vol", labels);
        String id = engine.start(spec("algo-1").withNetwork("net", List.of("algo-1"))
                .withMounts(List.of(Mount.volume("vol", "/v"), Mount.volume("auto", "/w"))));

        assertThat(engine.inspect(id).orElseThrow().ipAddresses()).containsKey("net");
        assertThat(engine.networksWithLabels(labels)).containsExactly("net");
        assertThat(engine.listVolumes(labels)).containsExactly(new LabelledObject("vol", labels));
        assertThat(engine.volumes()).containsKey("auto");
        assertThatThrownBy(() -> engine.removeNetwork("net")).hasMessageContaining("active endpoints");
        assertThatThrownBy(() -> engine.removeVolume("vol")).hasMessageContaining("in use");
        engine.remove(id);
        engine.removeNetwork("net");
        engine.removeVolume("vol");
        assertThat(engine.listNetworks(labels)).isEmpty();
        assertThat(engine.listVolumes(labels)).isEmpty();
    }

    @Test
    void networksKeepHowTheyWereClosedOffAndAContainerMayHaveNoNetwork() {
        engine.createNetwork("internal", Map.of(), new NetworkOptions(true, false));
        engine.createNetwork("internal", Map.of(), NetworkOptions.OPEN); // a second create keeps the first
        engine.createNetwork("open", Map.of());
        String alone = engine.start(spec("alone").withoutNetwork());

        assertThat(engine.networkOptions()).containsEntry("internal", new NetworkOptions(true, false))
                .containsEntry("open", NetworkOptions.OPEN);
        assertThat(engine.inspect(alone).orElseThrow().ipAddresses()).isEmpty();
    }

    @Test
    void listsContainersByLabel() {
        engine.start(spec("a"));
        engine.start(ContainerSpec.of(IMAGE, "b", List.of(), SageboxLabels.forResource("other", "arn", "b")));
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, "s")))
                .extracting(ContainerState::name).containsExactly("a");
    }

    @Test
    void canPlayAnEngineThatIsDown() {
        engine.setUnavailable(true);
        assertThatThrownBy(engine::info).isInstanceOf(EngineUnavailableException.class);
        assertThatThrownBy(() -> engine.start(spec("x"))).isInstanceOf(EngineUnavailableException.class);
        engine.setUnavailable(false);
        assertThat(engine.info().hasNvidiaRuntime()).isFalse();
    }

    @Test
    void awaitContainerWaitsForAStartOnAnotherThread() throws Exception {
        CompletableFuture<FakeContainerEngine.FakeContainer> seen = CompletableFuture.supplyAsync(
                () -> engine.awaitContainer(c -> c.spec().name().equals("late"), Duration.ofSeconds(30)));
        engine.start(spec("late"));
        assertThat(seen.get(30, TimeUnit.SECONDS).spec().name()).isEqualTo("late");
    }
}
