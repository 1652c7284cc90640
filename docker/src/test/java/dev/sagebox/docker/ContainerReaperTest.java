package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerReaperTest {
    private static final String IMAGE = "sagebox/test:latest";
    private static final String LIVE = "arn:aws:sagemaker:us-east-1:123456789012:training-job/live";
    private static final String DEAD = "arn:aws:sagemaker:us-east-1:123456789012:training-job/dead";

    private final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
    private final ContainerReaper reaper = new ContainerReaper(engine, "server-a");

    private String run(String name, Map<String, String> labels) {
        return engine.start(ContainerSpec.of(IMAGE, name, List.of("train"), labels));
    }

    @Test
    void removesOnlyThisServersContainersOfResourcesThatAreNotLive() {
        String live = run("live", SageboxLabels.forResource("server-a", LIVE, "algo-1"));
        String dead = run("dead", SageboxLabels.forResource("server-a", DEAD, "algo-1"));
        String deadExited = run("dead-exited", SageboxLabels.forResource("server-a", DEAD, "algo-2"));
        engine.container(deadExited).orElseThrow().exit(0);
        String otherServer = run("other", SageboxLabels.forResource("server-b", DEAD, "algo-1"));

        ContainerReaper.Reaped reaped = reaper.reap(Set.of(LIVE));

        assertThat(reaped.containers()).containsExactlyInAnyOrder(dead, deadExited);
        assertThat(engine.containers()).extracting(FakeContainerEngine.FakeContainer::id)
                .containsExactlyInAnyOrder(live, otherServer);
    }

    @Test
    void leavesContainersThatAreNotManagedBySagebox() {
        Map<String, String> labels = new HashMap<>(SageboxLabels.forResource("server-a", DEAD, "x"));
        String managed = run("managed", labels);
        // ContainerSpec insists on sagebox.managed=true, so an unmanaged one can only be judged by its labels.
        labels.put(SageboxLabels.MANAGED, "false");
        assertThat(reaper.isOrphan(labels, Set.of())).isFalse();

        assertThat(reaper.reap(Set.of()).containers()).containsExactly(managed);
    }

    @Test
    void treatsAContainerWithoutResourceLabelAsOrphan() {
        Map<String, String> labels = Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, "server-a");
        assertThat(reaper.isOrphan(labels, Set.of(LIVE))).isTrue();
        assertThat(reaper.isOrphan(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, "server-b",
                SageboxLabels.RESOURCE, DEAD), Set.of())).isFalse();
        assertThat(reaper.isOrphan(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, "server-a",
                SageboxLabels.RESOURCE, LIVE), Set.of(LIVE))).isFalse();
    }

    @Test
    void removesNetworksAfterTheContainersOnThem() {
        Map<String, String> deadLabels = SageboxLabels.forResource("server-a", DEAD, "network");
        engine.createNetwork("net-dead", deadLabels);
        engine.createNetwork("net-live", SageboxLabels.forResource("server-a", LIVE, "network"));
        engine.createNetwork("net-other", SageboxLabels.forResource("server-b", DEAD, "network"));
        String onDead = engine.start(ContainerSpec.of(IMAGE, "algo-1", List.of("train"),
                SageboxLabels.forResource("server-a", DEAD, "algo-1")).withNetwork("net-dead", List.of("algo-1")));

        ContainerReaper.Reaped reaped = reaper.reap(Set.of(LIVE));

        assertThat(reaped.containers()).containsExactly(onDead);
        assertThat(reaped.networks()).containsExactly("net-dead");
        assertThat(engine.networks()).containsOnlyKeys("net-live", "net-other");
    }

    @Test
    void skipsWhatCannotBeRemovedAndReportsOnlyWhatWas() {
        engine.createVolume("vol-dead", SageboxLabels.forResource("server-a", DEAD, "volume"));
        engine.createVolume("vol-dead-2", SageboxLabels.forResource("server-a", DEAD, "volume"));
        // A live resource's container still uses the dead resource's volume: removal fails, the reap goes on.
        engine.start(ContainerSpec.of(IMAGE, "user", List.of(), SageboxLabels.forResource("server-a", LIVE, "x"))
                .withMounts(List.of(Mount.volume("vol-dead", "/data"))));

        ContainerReaper.Reaped reaped = reaper.reap(Set.of(LIVE));

        assertThat(reaped.volumes()).containsExactly("vol-dead-2");
        assertThat(engine.volumes()).containsOnlyKeys("vol-dead");
    }

    @Test
    void reportsNothingWhenNothingIsLeft() {
        run("live", SageboxLabels.forResource("server-a", LIVE, "algo-1"));
        assertThat(reaper.reap(Set.of(LIVE)).isEmpty()).isTrue();
    }

    @Test
    void anEngineThatIsDownFailsTheReapLoudly() {
        engine.setUnavailable(true);
        assertThatThrownBy(() -> reaper.reap(Set.of())).isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void refusesABlankServerId() {
        assertThatThrownBy(() -> new ContainerReaper(engine, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
