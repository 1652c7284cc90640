package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What callers rely on from every {@link ContainerEngine}, run against {@link FakeContainerEngine} in the unit suite
 * and against {@link DockerJavaContainerEngine} in the Docker suite, so the fake cannot drift from the real engine.
 * The subclass says how a container that prints, exits or waits for a signal is made; the contract says what the
 * engine reports about it.
 */
abstract class ContainerEngineContract {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/contract";

    private ContainerEngine engine;
    private String serverId;

    /** The engine under test. */
    protected abstract ContainerEngine engine();

    /** An image that is present locally. */
    protected abstract String image();

    /** {@code base} (image, name, labels set) made into a container that writes the texts and exits with {@code code}. */
    protected abstract ContainerSpec printsAndExits(ContainerSpec base, String stdout, String stderr, int code);

    /**
     * {@code base} made into a container that writes "ready\n" once it is ready for signals, then runs until it is
     * stopped; on SIGTERM it exits with {@code onSigterm}.
     */
    protected abstract ContainerSpec runsUntilStopped(ContainerSpec base, int onSigterm);

    /** {@code base} made into a container that writes "ready\n", then runs and ignores SIGTERM. */
    protected abstract ContainerSpec ignoresSigterm(ContainerSpec base);

    @BeforeEach
    void newServer() {
        engine = engine();
        serverId = "contract-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @AfterEach
    void removeWhatThisTestMade() {
        Map<String, String> ours = Map.of(SageboxLabels.INSTANCE, serverId);
        engine.containersWithLabels(ours).forEach(c -> engine.remove(c.id()));
        engine.listNetworks(ours).forEach(n -> engine.removeNetwork(n.name()));
        engine.listVolumes(ours).forEach(v -> engine.removeVolume(v.name()));
        assertThat(engine.containersWithLabels(ours)).isEmpty();
        assertThat(engine.listNetworks(ours)).isEmpty();
        assertThat(engine.listVolumes(ours)).isEmpty();
    }

    @Test
    void reportsTheEngine() {
        EngineInfo info = engine.info();
        assertThat(info.cpus()).isPositive();
        assertThat(info.memoryBytes()).isPositive();
        assertThat(info.runtimes()).contains("runc");
    }

    @Test
    void knowsWhichImagesArePresent() {
        assertThat(engine.imageExists(image())).isTrue();
        assertThat(engine.imageExists("sagebox/never-built-" + serverId + ":latest")).isFalse();
    }

    @Test
    void buildsAnImageFromALocalContextOnABaseThatIsPresent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path context)
            throws java.io.IOException {
        java.nio.file.Files.writeString(context.resolve("Dockerfile"),
                "ARG BASE_IMAGE=absent\nFROM ${BASE_IMAGE}\nLABEL purpose=contract\n");
        // One tag for every run: an image is not a labelled resource the cleanup could find, so reuse it.
        String tag = "sagebox/contract-build:latest";
        List<String> progress = new CopyOnWriteArrayList<>();

        engine.buildImage(new ImageBuild(context, tag, Map.of("BASE_IMAGE", image()), Map.of(), TIMEOUT),
                progress::add);

        assertThat(engine.imageExists(tag)).isTrue();
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("Step 1/"));
    }

    @Test
    void aMissingImageFailsWithoutPullingAndLeavesNoContainer() {
        String image = "sagebox/never-built-" + serverId + ":latest";
        ContainerSpec spec = ContainerSpec.of(image, serverId + "-x", List.of("true"), labels("x"));

        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(NoSuchImageException.class)
                .hasMessageContaining(image).hasMessageContaining("never pulls");
        assertThat(engine.imageExists(image)).isFalse();
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
    }

    @Test
    void anInvalidSpecIsRefusedBeforeAnythingStarts() {
        ContainerSpec spec = base("bad").withoutNetwork().withPublishedPorts(List.of(8080));
        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
    }

    @Test
    void reportsAnExitedContainersCodeNameAndLabels() {
        ContainerSpec spec = printsAndExits(base("exit3"), "bye\n", "", 3);
        String id = engine.start(spec);

        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(3);
        assertThat(engine.awaitExit(id, Duration.ZERO)).hasValue(3);
        ContainerState state = engine.inspect(id).orElseThrow();
        assertThat(state.id()).isEqualTo(id);
        assertThat(state.name()).isEqualTo(spec.name());
        assertThat(state.running()).isFalse();
        assertThat(state.exitCode()).hasValue(3);
        assertThat(state.oomKilled()).isFalse();
        assertThat(state.labels()).containsAllEntriesOf(spec.labels());
    }

    @Test
    void followingLogsDeliversBothStreamsApartAndEndsOnce() {
        String id = engine.start(printsAndExits(base("talk"), "one\ntwo\n", "oops\n", 0));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);

        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.stdout()).isEqualTo("one\ntwo\n");
        assertThat(sink.stderr()).isEqualTo("oops\n");
        assertThat(sink.ends()).isEqualTo(1);
    }

    @Test
    void aLiveFollowEndsWhenTheContainerDoes() {
        String id = engine.start(runsUntilStopped(base("live"), 5));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            assertThat(engine.awaitExit(id, Duration.ofMillis(200))).isEmpty();
            ContainerState state = engine.inspect(id).orElseThrow();
            assertThat(state.running()).isTrue();
            assertThat(state.exitCode()).isEmpty();

            engine.stop(id, TIMEOUT);

            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.ends()).isEqualTo(1);
        assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(5);
    }

    @Test
    void closingAFollowEndsItWhileTheContainerRuns() {
        String id = engine.start(runsUntilStopped(base("closed"), 0));
        RecordingLogSink sink = new RecordingLogSink();
        LogFollow follow = engine.followLogs(id, sink);
        sink.awaitText("ready", TIMEOUT);

        follow.close();

        assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        assertThat(sink.ends()).isEqualTo(1);
        assertThat(engine.inspect(id).orElseThrow().running()).isTrue();
    }

    @Test
    void timestampedLogsCarryTheTimeOfWritingAndHonourSince() {
        Instant before = Instant.now().minusSeconds(5);
        String id = engine.start(printsAndExits(base("stamped"), "a\nb\n", "c\n", 0));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);

        List<String> lines = new CopyOnWriteArrayList<>();
        List<Instant> stamps = new CopyOnWriteArrayList<>();
        TimestampedLines stamped = new TimestampedLines(Optional.empty(), (stderr, written, line) -> {
            stamps.add(written);
            lines.add((stderr ? "err:" : "out:") + line);
        });
        try (LogFollow follow = engine.followTimestampedLogs(id, Optional.empty(), stamped)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(lines).containsExactlyInAnyOrder("out:a", "out:b", "err:c");
        Instant after = Instant.now().plusSeconds(5);
        assertThat(stamps).allSatisfy(t -> assertThat(t).isBetween(before, after));

        RecordingLogSink later = new RecordingLogSink();
        try (LogFollow follow = engine.followTimestampedLogs(id, Optional.of(Instant.now().plusSeconds(3600)), later)) {
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(later.all()).isEmpty();
    }

    @Test
    void attachingToARunningContainerGivesItsOutputButAStoppedOneIsRefused() {
        String id = engine.start(runsUntilStopped(base("attach"), 0));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followOutput(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            engine.stop(id, TIMEOUT);
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.stdout()).isEqualTo("ready\n");

        assertThatThrownBy(() -> engine.followOutput(id, new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void stopSendsSigtermFirst() {
        String id = engine.start(runsUntilStopped(base("trap"), 42));
        awaitReady(id);

        engine.stop(id, TIMEOUT);

        assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(42);
        assertThat(engine.awaitExit(id, Duration.ZERO)).hasValue(42);
    }

    @Test
    void stopKillsAContainerThatIgnoresSigtermAfterTheGrace() {
        String id = engine.start(ignoresSigterm(base("stubborn")));
        awaitReady(id);

        engine.stop(id, Duration.ofSeconds(1));

        ContainerState state = engine.inspect(id).orElseThrow();
        assertThat(state.running()).isFalse();
        assertThat(state.exitCode()).hasValue(137);
    }

    @Test
    void stoppingAnExitedContainerChangesNothing() {
        String id = engine.start(printsAndExits(base("done"), "", "", 7));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(7);

        engine.stop(id, Duration.ofSeconds(1));

        assertThat(engine.inspect(id).orElseThrow().exitCode()).hasValue(7);
    }

    @Test
    void removeEndsARunningContainerAndForgetsIt() {
        ContainerSpec spec = runsUntilStopped(base("doomed"), 0);
        String id = engine.start(spec);

        engine.remove(id);

        assertThat(engine.inspect(id)).isEmpty();
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
        assertThatThrownBy(() -> engine.awaitExit(id, Duration.ZERO)).isInstanceOf(NoSuchContainerException.class);
        // The name is free again.
        String again = engine.start(printsAndExits(spec, "", "", 0));
        assertThat(engine.awaitExit(again, TIMEOUT)).hasValue(0);
    }

    @Test
    void absentContainersAreAbsentNotErrors() {
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(engine.inspect(id)).isEmpty();
        engine.remove(id);
        engine.stop(id, Duration.ofSeconds(1));
        assertThatThrownBy(() -> engine.awaitExit(id, Duration.ofSeconds(1)))
                .isInstanceOf(NoSuchContainerException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> engine.followLogs(id, new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> engine.followTimestampedLogs(id, Optional.empty(), new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> engine.followOutput(id, new RecordingLogSink()))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void aNameInUseIsRefused() {
        ContainerSpec spec = runsUntilStopped(base("twin"), 0);
        engine.start(spec);

        assertThatThrownBy(() -> engine.start(spec)).isExactlyInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("already in use");
        assertThat(engine.containersWithLabels(spec.labels())).hasSize(1);
    }

    @Test
    void listsContainersRunningOrNotThatCarryAllTheLabels() {
        String a = engine.start(runsUntilStopped(base("a"), 0));
        String b = engine.start(printsAndExits(base("b"), "", "", 0));
        assertThat(engine.awaitExit(b, TIMEOUT)).hasValue(0);

        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId)))
                .extracting(ContainerState::id).containsExactlyInAnyOrder(a, b);
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.ROLE, "b")))
                .singleElement().satisfies(s -> {
                    assertThat(s.id()).isEqualTo(b);
                    assertThat(s.running()).isFalse();
                    assertThat(s.exitCode()).hasValue(0);
                });
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.ROLE, "a")))
                .singleElement().satisfies(s -> {
                    assertThat(s.id()).isEqualTo(a);
                    assertThat(s.name()).isEqualTo(serverId + "-a");
                    assertThat(s.labels()).containsAllEntriesOf(labels("a"));
                    assertThat(s.running()).isTrue();
                    assertThat(s.exitCode()).isEmpty();
                });
        assertThat(engine.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.ROLE, "c")))
                .isEmpty();
    }

    @Test
    void publishesContainerPortsOnHostPorts() {
        String id = engine.start(runsUntilStopped(base("ports"), 0).withPublishedPorts(List.of(8080)));

        ContainerState state = engine.inspect(id).orElseThrow();
        assertThat(state.publishedPorts()).containsOnlyKeys(8080);
        assertThat(state.hostPort(8080)).hasValueSatisfying(port -> assertThat(port).isPositive());
    }

    @Test
    void networksAreCreatedOnceKeepingTheirFirstLabelsListedByLabelAndRefusedWhileInUse() {
        String name = serverId + "-net";
        Map<String, String> labels = labels("net");
        engine.createNetwork(name, labels);
        engine.createNetwork(name, labels("other"));

        assertThat(engine.listNetworks(Map.of(SageboxLabels.INSTANCE, serverId)))
                .containsExactly(new LabelledObject(name, labels));
        assertThat(engine.networksWithLabels(labels)).containsExactly(name);

        String id = engine.start(runsUntilStopped(base("on-net"), 0).withNetwork(name, List.of("algo-1")));
        assertThat(engine.inspect(id).orElseThrow().ipAddresses()).containsKey(name);
        assertThatThrownBy(() -> engine.removeNetwork(name)).isInstanceOf(ContainerEngineException.class);

        engine.remove(id);
        engine.removeNetwork(name);
        engine.removeNetwork(name);
        assertThat(engine.listNetworks(labels)).isEmpty();
    }

    @Test
    void aContainerOnAnUnknownNetworkIsRefused() {
        ContainerSpec spec = runsUntilStopped(base("lost"), 0).withNetwork(serverId + "-no-such-net", List.of());

        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(ContainerEngineException.class)
                .isNotInstanceOf(NoSuchImageException.class);
        assertThat(engine.containersWithLabels(spec.labels())).isEmpty();
    }

    @Test
    void aContainerOnTheDefaultBridgeHasAnAddressOnItAndOneWithoutANetworkHasNone() {
        String bridged = engine.start(runsUntilStopped(base("bridged"), 0));
        String isolated = engine.start(runsUntilStopped(base("isolated"), 0).withoutNetwork());

        assertThat(engine.inspect(bridged).orElseThrow().ipAddresses())
                .hasSize(1).allSatisfy((network, ip) -> assertThat(ip).isNotBlank());
        assertThat(engine.inspect(isolated).orElseThrow().ipAddresses().values()).allMatch(String::isBlank);
    }

    @Test
    void aContainerJoinsTheNetworkOfARunningOneOnly() {
        String owner = engine.start(runsUntilStopped(base("owner"), 0));
        String joiner = engine.start(runsUntilStopped(base("joiner"), 0).withJoinNetworkOf(owner));
        assertThat(engine.inspect(joiner).orElseThrow().running()).isTrue();

        String exited = engine.start(printsAndExits(base("exited"), "", "", 0));
        assertThat(engine.awaitExit(exited, TIMEOUT)).hasValue(0);
        ContainerSpec late = runsUntilStopped(base("late"), 0).withJoinNetworkOf(exited);
        assertThatThrownBy(() -> engine.start(late)).isInstanceOf(ContainerEngineException.class);
        assertThat(engine.containersWithLabels(late.labels())).isEmpty();
    }

    @Test
    void removingAFollowedContainerEndsTheFollow() {
        String id = engine.start(runsUntilStopped(base("followed"), 0));
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
            engine.remove(id);
            assertThat(follow.awaitEnd(TIMEOUT)).isTrue();
        }
        assertThat(sink.ends()).isEqualTo(1);
    }

    @Test
    void mountingAnUnknownVolumeCreatesIt() {
        String name = serverId + "-implicit";
        try {
            String id = engine.start(printsAndExits(base("implicit"), "", "", 0)
                    .withMounts(List.of(Mount.volume(name, "/data"))));
            assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);

            assertThat(engine.listVolumes(Map.of())).extracting(LabelledObject::name).contains(name);
            engine.remove(id);
        } finally {
            engine.removeVolume(name);
        }
        assertThat(engine.listVolumes(Map.of())).extracting(LabelledObject::name).doesNotContain(name);
    }

    @Test
    void volumesAreCreatedOnceKeepingTheirFirstLabelsListedByLabelAndRefusedWhileInUse() {
        String name = serverId + "-vol";
        Map<String, String> labels = labels("vol");
        engine.createVolume(name, labels);
        engine.createVolume(name, labels("other"));

        assertThat(engine.listVolumes(Map.of(SageboxLabels.INSTANCE, serverId)))
                .containsExactly(new LabelledObject(name, labels));

        String id = engine.start(printsAndExits(base("uses-vol"), "", "", 0)
                .withMounts(List.of(Mount.volume(name, "/data"))));
        assertThat(engine.awaitExit(id, TIMEOUT)).hasValue(0);
        // An exited container still holds its volumes.
        assertThatThrownBy(() -> engine.removeVolume(name)).isInstanceOf(ContainerEngineException.class);

        engine.remove(id);
        engine.removeVolume(name);
        engine.removeVolume(name);
        assertThat(engine.listVolumes(labels)).isEmpty();
    }

    /** A spec of this test's server with only image, name and labels set. */
    ContainerSpec base(String role) {
        return ContainerSpec.of(image(), serverId + "-" + role, List.of(), labels(role));
    }

    Map<String, String> labels(String role) {
        return SageboxLabels.forResource(serverId, ARN, role);
    }

    private void awaitReady(String id) {
        RecordingLogSink sink = new RecordingLogSink();
        try (LogFollow follow = engine.followLogs(id, sink)) {
            sink.awaitText("ready", TIMEOUT);
        }
    }
}
