package dev.sagebox.docker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container as the engine reports it.
 *
 * @param publishedPorts container port to the 127.0.0.1 host port it is published on
 * @param ipAddresses network name to the container's address on it
 */
public record ContainerState(
        String id,
        String name,
        boolean running,
        OptionalInt exitCode,
        boolean oomKilled,
        Map<String, String> labels,
        Map<Integer, Integer> publishedPorts,
        Map<String, String> ipAddresses) {
    public ContainerState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(exitCode, "exitCode");
        labels = Map.copyOf(labels);
        publishedPorts = Map.copyOf(publishedPorts);
        ipAddresses = Map.copyOf(ipAddresses);
    }

    public Optional<Integer> hostPort(int containerPort) {
        return Optional.ofNullable(publishedPorts.get(containerPort));
    }
}
