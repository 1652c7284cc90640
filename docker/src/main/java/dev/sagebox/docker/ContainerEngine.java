package dev.sagebox.docker;

import java.time.Instant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The port through which Sagebox starts and watches containers. Never pulls: images must already exist locally.
 * Failures surface as {@link ContainerEngineException} subtypes.
 */
public interface ContainerEngine extends AutoCloseable {
    /** Facts about the engine; throws {@link EngineUnavailableException} when none answers. */
    EngineInfo info();

    boolean imageExists(String image);

    /**
     * Whether a container can join another's network namespace ({@link ContainerSpec#withJoinNetworkOf}); a swarm
     * cannot, so the containers of one instance each publish their own port there.
     */
    default boolean sharesNetworkNamespaces() {
        return true;
    }

    /**
     * Builds an image from a local context, reporting the builder's output line by line; throws
     * {@link ContainerEngineException} when the build fails or outlasts its timeout. Never pulls.
     */
    void buildImage(ImageBuild build, java.util.function.Consumer<String> progress);

    /**
     * Creates a user-defined bridge network (containers on it resolve each other by name and alias);
     * a network of that name that already exists is kept.
     */
    default void createNetwork(String name, Map<String, String> labels) {
        createNetwork(name, labels, NetworkOptions.OPEN);
    }

    /** As {@link #createNetwork(String, Map)}, closed off as {@code options} say. */
    void createNetwork(String name, Map<String, String> labels, NetworkOptions options);

    /** Removes a network; absent networks are ignored. */
    void removeNetwork(String name);

    /** Names of the networks carrying all the given labels. */
    default List<String> networksWithLabels(Map<String, String> labels) {
        return listNetworks(labels).stream().map(LabelledObject::name).toList();
    }

    /** Networks carrying all the given labels, with all their labels (the reaper needs each one's resource). */
    List<LabelledObject> listNetworks(Map<String, String> labels);

    /** Creates and starts a container; returns its id. Throws {@link NoSuchImageException} if the image is absent. */
    String start(ContainerSpec spec);

    /** The container's state, or empty when it no longer exists. */
    Optional<ContainerState> inspect(String containerId);

    /**
     * Waits up to {@code timeout} for the container to exit; its exit code, or empty if it is still running.
     * Throws {@link NoSuchContainerException} if the container does not exist.
     */
    OptionalInt awaitExit(String containerId, Duration timeout);

    /** SIGTERM, then SIGKILL after {@code grace} (docker stop semantics). Absent or stopped containers are ignored. */
    void stop(String containerId, Duration grace);

    /** Removes the container (and its anonymous volumes), stopping it first if needed; absent ones are ignored. */
    void remove(String containerId);

    /** Containers (running or not) carrying all the given labels. */
    List<ContainerState> containersWithLabels(Map<String, String> labels);

    /**
     * Follows the container's stdout and stderr from the start until it exits or the returned handle is closed.
     * Throws {@link NoSuchContainerException} if the container does not exist.
     */
    LogFollow followLogs(String containerId, LogSink sink);

    /**
     * As {@link #followLogs}, but every entry the sink receives starts with the time the container wrote it, as
     * Docker stamps it ({@code 2026-12-03T06:45:00.123456789Z }), and output older than {@code since} (to the
     * second) is skipped; {@link TimestampedLines} makes lines of it.
     */
    LogFollow followTimestampedLogs(String containerId, Optional<Instant> since, LogSink sink);

    /**
     * Attaches to the running container's stdout and stderr (with what it wrote before the attach first): the output
     * as it is written, without reading it back from the engine's log, which costs the engine several times more
     * CPU per line. No stamps: the receiver stamps lines on arrival. Throws {@link NoSuchContainerException} if the
     * container does not exist or no longer runs (then {@link #followTimestampedLogs} still has its output).
     */
    LogFollow followOutput(String containerId, LogSink sink);

    /** Creates a named volume if absent. */
    void createVolume(String name, Map<String, String> labels);

    /** Removes a named volume; absent ones are ignored. */
    void removeVolume(String name);

    /** Named volumes carrying all the given labels, with all their labels. */
    List<LabelledObject> listVolumes(Map<String, String> labels);

    @Override
    void close();
}
