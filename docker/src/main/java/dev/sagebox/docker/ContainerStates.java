package dev.sagebox.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Reads docker-java's inspect answer into a {@link ContainerState}. */
final class ContainerStates {
    private ContainerStates() {
    }

    static ContainerState from(InspectContainerResponse r) {
        InspectContainerResponse.ContainerState state = r.getState();
        boolean running = state != null && (isTrue(state.getRunning()) || isTrue(state.getRestarting()));
        // "created" has exit code 0 but never ran; only a finished container has a real exit code.
        boolean finished = state != null && !running
                && ("exited".equals(state.getStatus()) || "dead".equals(state.getStatus()));
        OptionalInt exitCode = finished && state.getExitCodeLong() != null
                ? OptionalInt.of(state.getExitCodeLong().intValue())
                : OptionalInt.empty();
        Map<String, String> labels = r.getConfig() != null && r.getConfig().getLabels() != null
                ? r.getConfig().getLabels()
                : Map.of();
        return new ContainerState(r.getId(), stripSlash(r.getName()), running, exitCode,
                state != null && isTrue(state.getOOMKilled()), labels,
                publishedPorts(r.getNetworkSettings()), ipAddresses(r.getNetworkSettings()),
                ContainerCreation.PUBLISH_IP, "");
    }

    private static Map<Integer, Integer> publishedPorts(NetworkSettings settings) {
        Map<Integer, Integer> ports = new HashMap<>();
        if (settings == null || settings.getPorts() == null) {
            return ports;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : settings.getPorts().getBindings().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            for (Ports.Binding binding : e.getValue()) {
                Integer hostPort = parsePort(binding.getHostPortSpec());
                if (hostPort != null && (ContainerCreation.PUBLISH_IP.equals(binding.getHostIp())
                        || !ports.containsKey(e.getKey().getPort()))) {
                    ports.put(e.getKey().getPort(), hostPort);
                }
            }
        }
        return ports;
    }

    private static Map<String, String> ipAddresses(NetworkSettings settings) {
        Map<String, String> addresses = new HashMap<>();
        if (settings == null || settings.getNetworks() == null) {
            return addresses;
        }
        for (Map.Entry<String, ContainerNetwork> e : settings.getNetworks().entrySet()) {
            String ip = e.getValue() == null ? null : e.getValue().getIpAddress();
            if (ip != null && !ip.isEmpty()) {
                addresses.put(e.getKey(), ip);
            }
        }
        return addresses;
    }

    private static Integer parsePort(String spec) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(spec);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripSlash(String name) {
        if (name == null) {
            return "";
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
