package dev.sagebox.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to start one container. {@code labels} must include the Sagebox labels (see {@link SageboxLabels}).
 *
 * @param joinNetworkOf share the network namespace of this container id (multi-container models) instead of {@code network}
 * @param publishedPorts container ports to publish on 127.0.0.1 at a free host port
 */
public record ContainerSpec(
        String image,
        String name,
        Optional<String> hostname,
        List<String> command,
        Map<String, String> env,
        Map<String, String> labels,
        List<Mount> mounts,
        Optional<String> network,
        List<String> networkAliases,
        Optional<String> joinNetworkOf,
        List<Integer> publishedPorts,
        ResourceLimits limits) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        mounts = List.copyOf(mounts);
        networkAliases = List.copyOf(networkAliases);
        publishedPorts = List.copyOf(publishedPorts);
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(joinNetworkOf, "joinNetworkOf");
        Objects.requireNonNull(limits, "limits");
        if (!SageboxLabels.MANAGED_VALUE.equals(labels.get(SageboxLabels.MANAGED))) {
            throw new IllegalArgumentException("every container Sagebox starts carries " + SageboxLabels.MANAGED + "=true");
        }
    }

    /** A spec with only image, name, command and labels set; the rest via the with-ers. */
    public static ContainerSpec of(String image, String name, List<String> command, Map<String, String> labels) {
        return new ContainerSpec(image, name, Optional.empty(), command, Map.of(), labels, List.of(), Optional.empty(),
                List.of(), Optional.empty(), List.of(), ResourceLimits.UNLIMITED);
    }

    public ContainerSpec withHostname(String value) {
        return new ContainerSpec(image, name, Optional.of(value), command, env, labels, mounts, network, networkAliases,
                joinNetworkOf, publishedPorts, limits);
    }

    public ContainerSpec withEnv(Map<String, String> value) {
        return new ContainerSpec(image, name, hostname, command, value, labels, mounts, network, networkAliases,
                joinNetworkOf, publishedPorts, limits);
    }

    public ContainerSpec withMounts(List<Mount> value) {
        return new ContainerSpec(image, name, hostname, command, env, labels, value, network, networkAliases,
                joinNetworkOf, publishedPorts, limits);
    }

    public ContainerSpec withNetwork(String value, List<String> aliases) {
        return new ContainerSpec(image, name, hostname, command, env, labels, mounts, Optional.of(value), aliases,
                joinNetworkOf, publishedPorts, limits);
    }

    public ContainerSpec withJoinNetworkOf(String containerId) {
        return new ContainerSpec(image, name, hostname, command, env, labels, mounts, network, networkAliases,
                Optional.of(containerId), publishedPorts, limits);
    }

    public ContainerSpec withPublishedPorts(List<Integer> value) {
        return new ContainerSpec(image, name, hostname, command, env, labels, mounts, network, networkAliases,
                joinNetworkOf, value, limits);
    }

    public ContainerSpec withLimits(ResourceLimits value) {
        return new ContainerSpec(image, name, hostname, command, env, labels, mounts, network, networkAliases,
                joinNetworkOf, publishedPorts, value);
    }
}
