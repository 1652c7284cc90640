package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerReaperIT extends DockerItBase {
    private static final String LIVE = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/live";
    private static final String DEAD = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/dead";

    private ContainerSpec sleeper(String serverId, String resource, String role) {
        return ContainerSpec.of(IMAGE, serverId + "-" + role, List.of("sleep", "300"),
                SageboxLabels.forResource(serverId, resource, role));
    }

    @Test
    void removesOnlyThisServersOrphans() {
        String me = newServerId();
        String other = newServerId();
        String network = me + "-dead-net";
        engine.createNetwork(network, SageboxLabels.forResource(me, DEAD, "network"));
        String volume = me + "-dead-vol";
        engine.createVolume(volume, SageboxLabels.forResource(me, DEAD, "volume"));
        String live = engine.start(sleeper(me, LIVE, "live"));
        String dead = engine.start(sleeper(me, DEAD, "dead").withNetwork(network, List.of("dead"))
                .withMounts(List.of(Mount.volume(volume, "/v"))));
        String deadExited = engine.start(ContainerSpec.of(IMAGE, me + "-exited", List.of("true"),
                SageboxLabels.forResource(me, DEAD, "exited")));
        engine.awaitExit(deadExited, TIMEOUT);
        String othersDead = engine.start(sleeper(other, DEAD, "others"));

        ContainerReaper.Reaped reaped = new ContainerReaper(engine, me).reap(Set.of(LIVE));

        assertThat(reaped.containers()).containsExactlyInAnyOrder(dead, deadExited);
        assertThat(reaped.networks()).containsExactly(network);
        assertThat(reaped.volumes()).containsExactly(volume);
        assertThat(engine.inspect(live)).isPresent();
        assertThat(engine.inspect(othersDead)).isPresent();
        assertThat(engine.inspect(dead)).isEmpty();
        assertThat(engine.listNetworks(Map.of(SageboxLabels.INSTANCE, me))).isEmpty();
        assertThat(new ContainerReaper(engine, me).reap(Set.of(LIVE)).isEmpty()).isTrue();
    }
}
