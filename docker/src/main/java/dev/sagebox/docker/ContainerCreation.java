package dev.sagebox.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import java.util.List;

/** Translates a {@link ContainerSpec} into docker-java's create-container request. */
final class ContainerCreation {
    /** Published ports listen on loopback only: nothing Sagebox starts should be reachable from the network. */
    static final String PUBLISH_IP = "127.0.0.1";

    private ContainerCreation() {
    }

    static CreateContainerCmd configure(CreateContainerCmd cmd, ContainerSpec spec) {
        cmd.withName(spec.name())
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                .withHostConfig(hostConfig(spec));
        spec.entrypoint().ifPresent(cmd::withEntrypoint);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        spec.hostname().ifPresent(cmd::withHostName);
        spec.user().ifPresent(cmd::withUser);
        if (!spec.networkAliases().isEmpty()) {
            cmd.withAliases(spec.networkAliases());
        }
        if (!spec.publishedPorts().isEmpty()) {
            cmd.withExposedPorts(spec.publishedPorts().stream().map(ExposedPort::tcp).toList());
        }
        return cmd;
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withCapAdd(ContainerSecurity.CAPABILITIES.stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of(ContainerSecurity.NO_NEW_PRIVILEGES))
                .withPidsLimit(ContainerSecurity.PIDS_LIMIT);
        if (spec.joinNetworkOf().isPresent()) {
            host.withNetworkMode("container:" + spec.joinNetworkOf().get());
        } else {
            spec.network().ifPresent(host::withNetworkMode);
        }
        if (!spec.mounts().isEmpty()) {
            host.withMounts(spec.mounts().stream().map(ContainerCreation::mount).toList());
        }
        if (!spec.publishedPorts().isEmpty()) {
            Ports ports = new Ports();
            for (int port : spec.publishedPorts()) {
                // No host port given: the engine picks a free one, read back through inspect.
                ports.bind(ExposedPort.tcp(port), Ports.Binding.bindIp(PUBLISH_IP));
            }
            host.withPortBindings(ports);
        }
        ResourceLimits limits = spec.limits();
        if (limits.nanoCpus() > 0) {
            host.withNanoCPUs(limits.nanoCpus());
        }
        if (limits.memoryBytes() > 0) {
            host.withMemory(limits.memoryBytes());
        }
        if (limits.gpus() > 0) {
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver("nvidia")
                    .withCount(limits.gpus())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        return host;
    }

    private static com.github.dockerjava.api.model.Mount mount(Mount mount) {
        return new com.github.dockerjava.api.model.Mount()
                .withType(mount.kind() == Mount.Kind.BIND ? MountType.BIND : MountType.VOLUME)
                .withSource(mount.source())
                .withTarget(mount.target())
                .withReadOnly(mount.readOnly());
    }
}
