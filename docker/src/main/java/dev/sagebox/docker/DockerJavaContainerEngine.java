package dev.sagebox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/** The {@link ContainerEngine} port on a real Docker engine, through docker-java and Apache HttpClient 5. */
public final class DockerJavaContainerEngine implements ContainerEngine {
    /** After SIGKILL the kernel reaps the process at once; this only bounds a wedged engine. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final DockerConnection connection;
    private final Set<FrameFollow> follows = ConcurrentHashMap.newKeySet();
    private final Object networkCreation = new Object();

    public DockerJavaContainerEngine(DockerEngineSettings settings) {
        this.connection = new DockerConnection(settings);
    }

    /** An engine at DOCKER_HOST, or the default unix socket. */
    public static DockerJavaContainerEngine fromEnvironment() {
        return new DockerJavaContainerEngine(DockerEngineSettings.fromEnvironment());
    }

    /** The engine API version requests are pinned to, negotiated on first use ("" when unversioned). */
    public String apiVersion() {
        return connection.apiVersion();
    }

    @Override
    public EngineInfo info() {
        return connection.call("read engine info", c -> {
            Info info = c.infoCmd().exec();
            Version version = c.versionCmd().exec();
            List<String> runtimes = info.getRuntimes() == null ? List.of() : List.copyOf(info.getRuntimes().keySet());
            return new EngineInfo(String.valueOf(version.getVersion()), String.valueOf(version.getApiVersion()),
                    info.getNCPU() == null ? 0 : info.getNCPU(),
                    info.getMemTotal() == null ? 0 : info.getMemTotal(), runtimes);
        });
    }

    @Override
    public boolean imageExists(String image) {
        return connection.call("inspect image " + image, c -> {
            try {
                c.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void buildImage(ImageBuild build, java.util.function.Consumer<String> progress) {
        connection.stream("build image " + build.tag(), c -> {
            var cmd = c.buildImageCmd(build.context().toFile()).withTags(Set.of(build.tag())).withPull(false)
                    .withRemove(true).withForcerm(true).withLabels(build.labels());
            build.buildArgs().forEach(cmd::withBuildArg);
            var callback = cmd.exec(new com.github.dockerjava.api.command.BuildImageResultCallback() {
                @Override
                public void onNext(com.github.dockerjava.api.model.BuildResponseItem item) {
                    if (item.getStream() != null) {
                        item.getStream().lines().map(String::stripTrailing).filter(l -> !l.isEmpty())
                                .forEach(progress);
                    }
                    super.onNext(item);
                }
            });
            try {
                return callback.awaitImageId(build.timeout().toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (com.github.dockerjava.api.exception.DockerClientException e) {
                throw new ContainerEngineException("building " + build.tag() + " failed: " + e.getMessage(), e);
            } finally {
                try {
                    callback.close();
                } catch (java.io.IOException e) {
                    // the build is over either way
                }
            }
        });
    }

    @Override
    public void createNetwork(String name, Map<String, String> labels, NetworkOptions options) {
        // The engine's duplicate check is best effort: two concurrent creates (two endpoints starting at once) made
        // two networks of one name, which no container could then join. One create at a time in this process.
        synchronized (networkCreation) {
            createNetworkOnce(name, labels, options);
        }
    }

    private void createNetworkOnce(String name, Map<String, String> labels, NetworkOptions options) {
        connection.call("create network " + name, c -> {
            if (networkExists(name)) {
                return null;
            }
            try {
                c.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true)
                        .withInternal(options.internal())
                        .withOptions(Map.of("com.docker.network.bridge.enable_icc",
                                String.valueOf(options.interContainerTraffic())))
                        .exec();
            } catch (ConflictException e) {
                // Created concurrently by someone else: the caller only needs it to exist.
            }
            return null;
        });
    }

    private boolean networkExists(String name) {
        // The name filter matches substrings, so compare exactly.
        return connection.call("list networks", c -> c.listNetworksCmd().withNameFilter(name).exec()).stream()
                .anyMatch(n -> name.equals(n.getName()));
    }

    @Override
    public void removeNetwork(String name) {
        connection.call("remove network " + name, c -> {
            try {
                c.removeNetworkCmd(name).exec();
            } catch (NotFoundException e) {
                // Already gone.
            }
            return null;
        });
    }

    @Override
    public List<LabelledObject> listNetworks(Map<String, String> labels) {
        List<Network> networks = connection.call("list networks", c -> {
            var cmd = c.listNetworksCmd();
            return labels.isEmpty() ? cmd.exec() : cmd.withFilter("label", labelFilter(labels)).exec();
        });
        return networks.stream()
                .map(n -> new LabelledObject(n.getName(), n.getLabels() == null ? Map.of() : n.getLabels()))
                .toList();
    }

    @Override
    public String start(ContainerSpec spec) {
        ContainerSpecRules.check(spec);
        if (!imageExists(spec.image())) {
            throw new NoSuchImageException(spec.image(), null);
        }
        String id = connection.call("create container " + spec.name(), c -> {
            try {
                return ContainerCreation.configure(c.createContainerCmd(spec.image()), spec).exec().getId();
            } catch (NotFoundException e) {
                // The image vanished since the check above; create never pulls, it answers 404.
                if (DockerErrors.engineMessage(e).toLowerCase(Locale.ROOT).contains("image")) {
                    throw new NoSuchImageException(spec.image(), e);
                }
                throw e;
            }
        });
        try {
            connection.call("start container " + spec.name(), c -> c.startContainerCmd(id).exec());
        } catch (RuntimeException e) {
            // A created but never started container would only be left for the reaper.
            removeQuietly(id, e);
            throw e;
        }
        return id;
    }

    private void removeQuietly(String id, RuntimeException cause) {
        try {
            remove(id);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Optional<ContainerState> inspect(String containerId) {
        return connection.call("inspect container " + containerId, c -> {
            try {
                InspectContainerResponse response = c.inspectContainerCmd(containerId).exec();
                return Optional.of(ContainerStates.from(response));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public OptionalInt awaitExit(String containerId, Duration timeout) {
        ContainerState state = inspect(containerId).orElseThrow(() -> new NoSuchContainerException(containerId, null));
        if (!state.running() || timeout.isNegative() || timeout.isZero()) {
            return state.exitCode();
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return OptionalInt.empty();
            }
            ExitWait wait = connection.stream("wait for container " + containerId,
                    c -> c.waitContainerCmd(containerId).exec(new ExitWait()));
            try {
                if (!wait.await(left)) {
                    return OptionalInt.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerEngineException("interrupted while waiting for container " + containerId, e);
            } finally {
                wait.close();
            }
            // The wait ended: the container exited, was removed, or the engine went away; inspect says which.
            Optional<ContainerState> after = inspect(containerId);
            if (after.isEmpty()) {
                throw new NoSuchContainerException(containerId, wait.error().orElse(null));
            }
            if (!after.get().running()) {
                return after.get().exitCode().isPresent() ? after.get().exitCode() : wait.statusCode();
            }
            if (wait.error().isPresent()) {
                Throwable t = wait.error().get();
                RuntimeException cause = t instanceof RuntimeException re ? re : new RuntimeException(t);
                throw DockerErrors.translate("wait for container " + containerId, cause,
                        connection.settings().dockerHost());
            }
            // Ended without an error while the container runs again (a restart): wait once more.
        }
    }

    @Override
    public void stop(String containerId, Duration grace) {
        // Done by hand instead of the engine's stop call, so that no single request blocks for the whole grace period.
        try {
            if (!signal(containerId, "SIGTERM")) {
                return;
            }
            if (awaitExit(containerId, grace).isPresent()) {
                return;
            }
            if (!signal(containerId, "SIGKILL")) {
                return;
            }
            if (awaitExit(containerId, KILL_WAIT).isEmpty()) {
                throw new ContainerEngineException("container " + containerId + " still runs " + KILL_WAIT
                        + " after SIGKILL", null);
            }
        } catch (NoSuchContainerException e) {
            // Removed meanwhile: stopped enough.
        }
    }

    /** Sends a signal; false if the container is absent or not running. */
    private boolean signal(String containerId, String signal) {
        return connection.call("send " + signal + " to container " + containerId, c -> {
            try {
                c.killContainerCmd(containerId).withSignal(signal).exec();
                return true;
            } catch (NotFoundException | ConflictException e) {
                // 404: no such container; 409: it is not running.
                return false;
            }
        });
    }

    @Override
    public void remove(String containerId) {
        connection.call("remove container " + containerId, c -> {
            try {
                c.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // Already gone.
            } catch (ConflictException e) {
                if (!DockerErrors.engineMessage(e).contains("already in progress")) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public List<ContainerState> containersWithLabels(Map<String, String> labels) {
        List<String> ids = connection.call("list containers", c -> {
            var cmd = c.listContainersCmd().withShowAll(true);
            return labels.isEmpty() ? cmd.exec() : cmd.withLabelFilter(labels).exec();
        }).stream().map(com.github.dockerjava.api.model.Container::getId).toList();
        List<ContainerState> states = new ArrayList<>();
        for (String id : ids) {
            // One that vanished between list and inspect is simply no longer there.
            inspect(id).ifPresent(states::add);
        }
        return states;
    }

    @Override
    public LogFollow followLogs(String containerId, LogSink sink) {
        return follow(containerId, false, Optional.empty(), sink);
    }

    @Override
    public LogFollow followTimestampedLogs(String containerId, Optional<Instant> since, LogSink sink) {
        return follow(containerId, true, since, sink);
    }

    @Override
    public LogFollow followOutput(String containerId, LogSink sink) {
        // The engine answers an attach to a container that has already exited and then holds it open, silent,
        // until the container starts again. What the attach delivers is held back until the container is seen
        // running after the attach was answered: then the attach is live and ends when the container does.
        // Otherwise the attach is dropped with what it held, and the caller is told as Docker's CLI says it:
        // "you cannot attach to a stopped container" (the container's log still holds every line).
        HeldOutput held = new HeldOutput(sink);
        LogFollow follow = stream(containerId, "attach to container ", held, (c, f) -> c.attachContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .withLogs(true)
                .exec(f));
        boolean running;
        try {
            running = inspect(containerId).map(ContainerState::running).orElse(false);
        } catch (RuntimeException e) {
            follow.close();
            throw e;
        }
        if (!running) {
            held.drop();
            follow.close();
            throw new NoSuchContainerException(containerId, null);
        }
        held.release();
        return follow;
    }

    private LogFollow follow(String containerId, boolean timestamps, Optional<Instant> since, LogSink sink) {
        return stream(containerId, "follow logs of container ", sink, (c, follow) -> {
            var command = c.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .withTimestamps(timestamps);
            since.ifPresent(t -> command.withSince((int) t.getEpochSecond()));
            return command.exec(follow);
        });
    }

    private LogFollow stream(String containerId, String action, LogSink sink,
            BiFunction<DockerClient, FrameFollow, FrameFollow> request) {
        // Registered before the request is sent, so that close() ends a follow whatever its state.
        return FrameFollow.open(connection, containerId, action, sink, follows::remove, (c, f) -> {
            follows.add(f);
            return request.apply(c, f);
        });
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        // The engine's create is already idempotent for an existing name.
        connection.call("create volume " + name, c -> c.createVolumeCmd().withName(name).withLabels(labels).exec());
    }

    @Override
    public void removeVolume(String name) {
        connection.call("remove volume " + name, c -> {
            try {
                c.removeVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                // Already gone.
            }
            return null;
        });
    }

    @Override
    public List<LabelledObject> listVolumes(Map<String, String> labels) {
        var response = connection.call("list volumes", c -> {
            var cmd = c.listVolumesCmd();
            return labels.isEmpty() ? cmd.exec() : cmd.withFilter("label", labelFilter(labels)).exec();
        });
        if (response.getVolumes() == null) {
            return List.of();
        }
        return response.getVolumes().stream()
                .map(v -> new LabelledObject(v.getName(), v.getLabels() == null ? Map.of() : v.getLabels()))
                .toList();
    }

    private static List<String> labelFilter(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    @Override
    public void close() {
        for (FrameFollow follow : List.copyOf(follows)) {
            follow.close();
        }
        connection.close();
    }
}
