package dev.sagebox.docker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container as the engine reports it.
 *
 * @param publishedPorts container port to the host port it is published on
 * @param ipAddresses network name to the container's address on it
 * @param publishedHost where the published ports answer: {@code 127.0.0.1} for a container of this host's engine,
 *     the node's address for a swarm task
 * @param node the swarm node the container runs on ({@link ContainerSpec#withNode} places another there); empty on
 *     one engine
 */
public record ContainerState(
        String id,
        String name,
        boolean running,
        OptionalInt exitCode,
        boolean oomKilled,
        Map<String, String> labels,
        Map<Integer, Integer> publishedPorts,
        Map<String, String> ipAddresses,
        String publishedHost,
        String node) {
    public ContainerState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(exitCode, "exitCode");
        labels = Map.copyOf(labels);
        publishedPorts = Map.copyOf(publishedPorts);
        ipAddresses = Map.copyOf(ipAddresses);
        Objects.requireNonNull(publishedHost, "publishedHost");
        Objects.requireNonNull(node, "node");
    }

    public Optional<Integer> hostPort(int containerPort) {
        return Optional.ofNullable(publishedPorts.get(containerPort));
    }
}
