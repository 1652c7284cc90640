package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCreationTest {
    private static final ContainerSpec SPEC = ContainerSpec.of("img", "algo-1", List.of("train"),
            SageboxLabels.forResource("s", "arn", "algo-1"));

    private static CreateContainerCmd configure(ContainerSpec spec) {
        CreateContainerCmd.Exec neverSent = command -> {
            throw new AssertionError("nothing is sent in this test");
        };
        return ContainerCreation.configure(new CreateContainerCmdImpl(neverSent, null, spec.image()), spec);
    }

    @Test
    void mapsTheSpec() {
        CreateContainerCmd cmd = configure(SPEC.withHostname("algo-1").withEnv(Map.of("B", "2", "A", "1"))
                .withNetwork("net", List.of("algo-1", "leader"))
                .withMounts(List.of(Mount.bind("/host/ml", "/opt/ml", false), Mount.volume("home", "/home/x")))
                .withLimits(new ResourceLimits(1_500_000_000L, 1L << 30, 0)));

        assertThat(cmd.getName()).isEqualTo("algo-1");
        assertThat(cmd.getCmd()).containsExactly("train");
        assertThat(cmd.getEnv()).containsExactly("A=1", "B=2");
        assertThat(cmd.getLabels()).isEqualTo(SPEC.labels());
        assertThat(cmd.getHostName()).isEqualTo("algo-1");
        assertThat(cmd.getAliases()).containsExactly("algo-1", "leader");
        HostConfig host = cmd.getHostConfig();
        assertThat(host.getNetworkMode()).isEqualTo("net");
        assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(host.getMemory()).isEqualTo(1L << 30);
        assertThat(host.getDeviceRequests()).isNull();
        assertThat(host.getMounts()).hasSize(2);
        assertThat(host.getMounts().get(0).getType()).isEqualTo(MountType.BIND);
        assertThat(host.getMounts().get(0).getReadOnly()).isFalse();
        assertThat(host.getMounts().get(1).getType()).isEqualTo(MountType.VOLUME);
        assertThat(host.getMounts().get(1).getSource()).isEqualTo("home");
    }

    @Test
    void everyContainerIsHardened() {
        HostConfig host = configure(SPEC).getHostConfig();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).extracting(Capability::name)
                .containsExactlyElementsOf(ContainerSecurity.CAPABILITIES)
                .doesNotContain("MKNOD", "NET_RAW", "SYS_ADMIN");
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getPidsLimit()).isEqualTo(ContainerSecurity.PIDS_LIMIT);
    }

    @Test
    void runsAsTheGivenUserAndWithoutNetworkWhenAsked() {
        CreateContainerCmd cmd = configure(SPEC.withUser("1000:1000").withoutNetwork());
        assertThat(cmd.getUser()).isEqualTo("1000:1000");
        assertThat(cmd.getHostConfig().getNetworkMode()).isEqualTo("none");
    }

    @Test
    void publishesOnLoopbackAtAnEnginePickedPort() {
        CreateContainerCmd cmd = configure(SPEC.withPublishedPorts(List.of(8080)));
        assertThat(cmd.getExposedPorts()).containsExactly(ExposedPort.tcp(8080));
        Ports.Binding[] bindings = cmd.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080));
        assertThat(bindings).hasSize(1);
        assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
        assertThat(bindings[0].getHostPortSpec()).isNull();
    }

    @Test
    void joinsAnotherContainersNetwork() {
        assertThat(configure(SPEC.withJoinNetworkOf("abc")).getHostConfig().getNetworkMode())
                .isEqualTo("container:abc");
    }

    @Test
    void asksForNvidiaGpusByCount() {
        HostConfig host = configure(SPEC.withLimits(new ResourceLimits(0, 0, 2))).getHostConfig();
        assertThat(host.getDeviceRequests()).singleElement().satisfies(r -> {
            assertThat(r.getDriver()).isEqualTo("nvidia");
            assertThat(r.getCount()).isEqualTo(2);
            assertThat(r.getCapabilities()).containsExactly(List.of("gpu"));
        });
        assertThat(host.getNanoCPUs()).isNull();
        assertThat(host.getMemory()).isNull();
    }

    @Test
    void keepsTheImagesCommandWhenNoneIsGiven() {
        assertThat(configure(ContainerSpec.of("img", "n", List.of(), SPEC.labels())).getCmd()).isNull();
    }
}
