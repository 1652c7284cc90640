package dev.sagebox.docker;

import java.util.regex.Pattern;

/**
 * Combinations the engine would refuse with an obscure message, checked up front so both the real adapter and the
 * fake reject the same specs the same way.
 */
final class ContainerSpecRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private ContainerSpecRules() {
    }

    static void check(ContainerSpec spec) {
        require(NAME.matcher(spec.name()).matches(), "container name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: " + spec.name());
        require(!spec.image().isBlank(), "image must not be blank");
        if (spec.joinNetworkOf().isPresent()) {
            // Docker refuses these in network mode container:<id>: the namespace's owner decides them.
            require(spec.network().isEmpty(), "joinNetworkOf and network are exclusive");
            require(spec.hostname().isEmpty(), "a container that joins another's network cannot set a hostname");
            require(spec.publishedPorts().isEmpty(), "a container that joins another's network cannot publish ports");
        }
        require(spec.networkAliases().isEmpty() || spec.network().isPresent(), "network aliases need a network");
        if (spec.network().filter(ContainerSecurity.NO_NETWORK::equals).isPresent()) {
            require(spec.networkAliases().isEmpty(), "a container without a network cannot have network aliases");
            require(spec.publishedPorts().isEmpty(), "a container without a network cannot publish ports");
        }
        for (int port : spec.publishedPorts()) {
            require(port > 0 && port < 65536, "published port out of range: " + port);
        }
        spec.env().keySet().forEach(key -> require(!key.isEmpty() && key.indexOf('=') < 0, "bad environment key: " + key));
        for (Mount mount : spec.mounts()) {
            require(mount.target().startsWith("/"), "mount target must be absolute: " + mount.target());
            require(mount.kind() != Mount.Kind.BIND || mount.source().startsWith("/"),
                    "bind source must be an absolute host path: " + mount.source());
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
