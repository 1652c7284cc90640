package dev.sagebox.docker;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Docker engine is and how long to wait for it.
 *
 * @param dockerHost {@code unix:///path} or {@code tcp://host:port} (plain; TLS is not supported)
 * @param connectTimeout how long to wait for a connection to the engine
 * @param callTimeout how long one ordinary call may wait for the engine's answer; waits for exits and log follows
 *     are bounded by their callers instead
 */
public record DockerEngineSettings(URI dockerHost, Duration connectTimeout, Duration callTimeout) {
    public static final URI DEFAULT_HOST = URI.create("unix:///var/run/docker.sock");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous: removing a container with a large writable layer can take a while. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);

    public DockerEngineSettings {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        String scheme = String.valueOf(dockerHost.getScheme());
        if (!scheme.equals("unix") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("Docker host must be unix:// or tcp://, not " + dockerHost);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** DOCKER_HOST if set, else the default unix socket, with the default timeouts. */
    public static DockerEngineSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static DockerEngineSettings fromEnvironment(Map<String, String> env) {
        String host = env.get("DOCKER_HOST");
        URI uri = host == null || host.isBlank() ? DEFAULT_HOST : URI.create(host.trim());
        return new DockerEngineSettings(uri, DEFAULT_CONNECT_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    }

    public DockerEngineSettings withCallTimeout(Duration value) {
        return new DockerEngineSettings(dockerHost, connectTimeout, value);
    }
}
