package dev.sagebox.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything needed to start one container. {@code labels} must include the Sagebox labels (see {@link SageboxLabels}).
 *
 * @param entrypoint replaces the image ENTRYPOINT when present
 * @param joinNetworkOf share the network namespace of this container id (multi-container models) instead of {@code network}
 * @param publishedPorts container ports to publish on 127.0.0.1 at a free host port
 * @param network a user-defined network, or {@link ContainerSecurity#NO_NETWORK} for none at all; empty for the
 *     engine's default bridge
 * @param user the user (name or uid[:gid]) the container's process runs as, replacing the image's USER
 * @param node the swarm node to run on (a {@link ContainerState#node()}); one engine has one node and ignores it
 */
public record ContainerSpec(
        String image,
        String name,
        Optional<String> hostname,
        Optional<List<String>> entrypoint,
        List<String> command,
        Map<String, String> env,
        Map<String, String> labels,
        List<Mount> mounts,
        Optional<String> network,
        List<String> networkAliases,
        Optional<String> joinNetworkOf,
        List<Integer> publishedPorts,
        ResourceLimits limits,
        Optional<String> user,
        Optional<String> node) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        entrypoint = entrypoint.map(List::copyOf);
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
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(node, "node");
        if (!SageboxLabels.MANAGED_VALUE.equals(labels.get(SageboxLabels.MANAGED))) {
            throw new IllegalArgumentException("every container Sagebox starts carries " + SageboxLabels.MANAGED + "=true");
        }
    }

    /** A spec with only image, name, command and labels set; the rest via the with-ers. */
    public static ContainerSpec of(String image, String name, List<String> command, Map<String, String> labels) {
        return new ContainerSpec(image, name, Optional.empty(), Optional.empty(), command, Map.of(), labels, List.of(),
                Optional.empty(), List.of(), Optional.empty(), List.of(), ResourceLimits.UNLIMITED, Optional.empty(),
                Optional.empty());
    }

    public ContainerSpec withHostname(String value) {
        return edit(d -> d.hostname = Optional.of(value));
    }

    public ContainerSpec withEntrypoint(List<String> value) {
        return edit(d -> d.entrypoint = Optional.of(value));
    }

    public ContainerSpec withEnv(Map<String, String> value) {
        return edit(d -> d.env = value);
    }

    public ContainerSpec withMounts(List<Mount> value) {
        return edit(d -> d.mounts = value);
    }

    public ContainerSpec withNetwork(String value, List<String> aliases) {
        return edit(d -> {
            d.network = Optional.of(value);
            d.networkAliases = aliases;
        });
    }

    public ContainerSpec withJoinNetworkOf(String containerId) {
        return edit(d -> d.joinNetworkOf = Optional.of(containerId));
    }

    public ContainerSpec withPublishedPorts(List<Integer> value) {
        return edit(d -> d.publishedPorts = value);
    }

    public ContainerSpec withLimits(ResourceLimits value) {
        return edit(d -> d.limits = value);
    }

    /** No network at all, only loopback (network isolation). */
    public ContainerSpec withoutNetwork() {
        return withNetwork(ContainerSecurity.NO_NETWORK, List.of());
    }

    public ContainerSpec withUser(String value) {
        return edit(d -> d.user = Optional.of(value));
    }

    public ContainerSpec withNode(String value) {
        return edit(d -> d.node = Optional.of(value));
    }

    private ContainerSpec edit(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new ContainerSpec(image, name, d.hostname, d.entrypoint, command, d.env, labels, d.mounts, d.network,
                d.networkAliases, d.joinNetworkOf, d.publishedPorts, d.limits, d.user, d.node);
    }

    /** The members a with-er may change, copied from a spec so one of them can be replaced. */
    private static final class Draft {
        Optional<String> hostname;
        Optional<List<String>> entrypoint;
        Map<String, String> env;
        List<Mount> mounts;
        Optional<String> network;
        List<String> networkAliases;
        Optional<String> joinNetworkOf;
        List<Integer> publishedPorts;
        ResourceLimits limits;
        Optional<String> user;
        Optional<String> node;

        Draft(ContainerSpec s) {
            hostname = s.hostname;
            entrypoint = s.entrypoint;
            env = s.env;
            mounts = s.mounts;
            network = s.network;
            networkAliases = s.networkAliases;
            joinNetworkOf = s.joinNetworkOf;
            publishedPorts = s.publishedPorts;
            limits = s.limits;
            user = s.user;
            node = s.node;
        }
    }
}
