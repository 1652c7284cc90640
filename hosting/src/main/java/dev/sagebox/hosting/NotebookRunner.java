package dev.sagebox.hosting;

import dev.sagebox.core.InstanceTypes;
import dev.sagebox.core.credentials.AccessPolicy;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamWriter;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.LogCapture;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.NetworkOptions;
import dev.sagebox.docker.NoSuchImageException;
import dev.sagebox.docker.ResourceLimits;
import dev.sagebox.docker.SageboxLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers of notebook instances: one Jupyter container per instance in service, its port published on
 * 127.0.0.1 only and answering only to a token Sagebox derives ({@link JupyterTokens}), and one named volume per
 * instance at {@code /home/ec2-user/SageMaker} that outlives the container (stop, start, update) until the instance is deleted.
 * Jupyter's output goes to the CloudWatch Logs stream {@code <name>/jupyter.log} of
 * {@code /aws/sagemaker/NotebookInstances}, kept across stops and starts and deleted with the instance.
 *
 * <p>{@code DirectInternetAccess: Disabled} puts Jupyter on this server's internal notebook network instead, which has
 * no route out and on which instances cannot reach each other: Sagebox reaches Jupyter at its address there, and
 * Jupyter reaches Sagebox's API and S3 at the Docker bridge address they listen on, through this host (an internal
 * network still routes to the host's own addresses). {@code RootAccess: Disabled} runs Jupyter as the unprivileged
 * {@value #UNPRIVILEGED_USER} whatever the image says; with either setting nothing in the container can become root
 * (no sudo in the image, and no-new-privileges on every container).
 *
 * <p>On a swarm ({@link NotebookEngines}), an instance with direct internet access is a task pinned to the node its
 * volume is on, its port published on that node and guarded by the token alone; it derives its own credentials from
 * its key ({@link SwarmNotebookCredentials}), as the server's rotating credential files are not on that node.
 * Deleting it empties its volume there with a short task (a node's own volumes cannot be removed from the manager).
 */
final class NotebookRunner {
    static final int JUPYTER_PORT = 8888;
    static final String STORAGE_MOUNT = "/home/ec2-user/SageMaker";
    static final String CONTAINER_ROLE = "notebook";
    static final String VOLUME_ROLE = "notebook-volume";
    /** The short task that empties a deleted instance's volume on its swarm node. */
    static final String EMPTYING_ROLE = "notebook-volume-emptying";
    private static final Duration EMPTYING_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration VOLUME_RELEASE = Duration.ofSeconds(30);
    /** ec2-user of the notebook image, as on SageMaker's notebook instances. */
    static final String UNPRIVILEGED_USER = "1000:1000";
    static final String DISABLED = "Disabled";
    private static final NetworkOptions NO_INTERNET = new NetworkOptions(true, false);
    /** The SageMaker endpoint a container was given, so a restarted Sagebox on another port replaces it. */
    static final String API_LABEL = "sagebox.notebook.api";
    private static final Logger LOG = LoggerFactory.getLogger(NotebookRunner.class);
    private final NotebookImage image;
    private final java.time.Clock clock;
    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();
    /** How long a stopped Jupyter's last output may take to reach its stream. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(2);

    private final NotebookEngines engines;
    private final NotebookProbe probe;
    private final NotebookSettings settings;
    private final Supplier<Map<String, String>> environment;
    private final LogStore logs;
    private final JupyterTokens tokens;
    /** The capture of each instance's Jupyter output, by lower-cased instance name. */
    private final Map<String, LogCapture> captures = new ConcurrentHashMap<>();

    private final Optional<CredentialIssuer> credentials;

    /**
     * @param environment what every notebook container gets in its environment: the AWS endpoints (and keys when
     *     {@code credentials} is empty)
     * @param credentials issues each instance its own credentials, mounted into its container
     */
    NotebookRunner(NotebookEngines engines, NotebookProbe probe, NotebookSettings settings,
            Supplier<Map<String, String>> environment, LogStore logs, Optional<CredentialIssuer> credentials,
            JupyterTokens tokens, java.time.Clock clock) {
        // Built on the manager in either case: the swarm ships it to its nodes.
        this.image = new NotebookImage(engines.local());
        this.clock = clock;
        this.credentials = credentials;
        this.tokens = tokens;
        this.engines = engines;
        this.probe = probe;
        this.settings = settings;
        this.environment = environment;
        this.logs = logs;
    }

    /** Whether the instance runs as a swarm task rather than next to the server. */
    private boolean onCluster(NotebookInstance notebook) {
        return engines.cluster().isPresent() && !withoutInternet(notebook);
    }

    /** The engine the instance's Jupyter runs on. */
    private ContainerEngine engine(NotebookInstance notebook) {
        return onCluster(notebook) ? engines.cluster().orElseThrow().engine() : engines.local();
    }

    /** The engine a server runs on: a swarm task names its node. */
    private ContainerEngine engine(NotebookServer server) {
        return server.node().isEmpty() || engines.cluster().isEmpty() ? engines.local()
                : engines.cluster().get().engine();
    }

    /** The instance's container and volume name: {@code sagebox-<server id>-nb-<name>}. */
    String objectName(NotebookInstance notebook) {
        return "sagebox-" + settings.serverId() + "-nb-" + notebook.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Starts the instance's Jupyter on its volume (created on first use) and waits until it answers. On failure
     * nothing of the attempt is left running and the exception carries the FailureReason.
     */
    NotebookServer launch(NotebookInstance notebook) throws NotebookLaunchFailure, InterruptedException {
        removeContainers(notebook);
        String token = tokens.forNotebook(notebook.name());
        buildImageIfMissing(notebook);
        String id;
        ContainerEngine engine = engine(notebook);
        try {
            if (!onCluster(notebook)) {
                // A swarm node creates the volume, with these labels, where the task first runs.
                engine.createVolume(objectName(notebook), labels(notebook, VOLUME_ROLE));
            }
            if (withoutInternet(notebook)) {
                engine.createNetwork(networkName(), SageboxLabels.shared(settings.serverId(), "notebooks-no-internet"),
                        NO_INTERNET);
            }
            id = engine.start(spec(notebook, token));
        } catch (NoSuchImageException e) {
            throw new NotebookLaunchFailure("The notebook image " + e.image() + " does not exist. Sagebox never pulls"
                    + " images: build it with ./sagebox images notebook.");
        } catch (ContainerEngineException e) {
            throw new NotebookLaunchFailure("Could not start the notebook instance's container: " + e.getMessage());
        }
        capture(notebook, id, false);
        try {
            return awaitJupyter(notebook, id, token);
        } catch (NotebookLaunchFailure | InterruptedException | RuntimeException e) {
            removeQuietly(engine, id);
            endCapture(notebook);
            throw e;
        }
    }

    private NotebookServer awaitJupyter(NotebookInstance notebook, String id, String token)
            throws NotebookLaunchFailure, InterruptedException {
        ContainerEngine engine = engine(notebook);
        ContainerState started = engine.inspect(id).orElseThrow(() -> new NotebookLaunchFailure(
                "The notebook instance's container vanished right after it started."));
        NotebookServer target = target(notebook, started).orElseThrow(() -> new NotebookLaunchFailure(
                "The notebook instance's Jupyter port was not published."));
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        while (true) {
            Optional<String> dead = deadReason(engine, id);
            if (dead.isPresent()) {
                throw new NotebookLaunchFailure(dead.get() + " before it answered.");
            }
            if (probe.answers(target.host(), target.hostPort(), notebook.basePath(), token)) {
                return target;
            }
            if (System.nanoTime() > deadline) {
                throw new NotebookLaunchFailure("The notebook instance's Jupyter server did not answer within "
                        + settings.startupTimeout().toSeconds() + " seconds.");
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for notebook instance " + notebook.name());
            }
        }
    }

    /**
     * The instance's Jupyter still running from before a restart, if it answers to the derived token, was given
     * this server's endpoints and answers; other containers of the instance are left for {@link #launch} to replace.
     */
    Optional<NotebookServer> adopt(NotebookInstance notebook) {
        if (notebook.server().isEmpty()) {
            return Optional.empty();
        }
        String token = tokens.forNotebook(notebook.name());
        String api = environment.get().getOrDefault("AWS_ENDPOINT_URL_SAGEMAKER", "");
        for (ContainerState c : engine(notebook).containersWithLabels(labels(notebook, CONTAINER_ROLE))) {
            Optional<NotebookServer> target = target(notebook, c);
            if (c.running() && api.equals(c.labels().get(API_LABEL)) && target.isPresent()
                    && probe.answers(target.get().host(), target.get().hostPort(), notebook.basePath(), token)) {
                capture(notebook, c.id(), true);
                return target;
            }
        }
        return Optional.empty();
    }

    /** Where Sagebox reaches the Jupyter of this container: its published port, or its internal network address. */
    private Optional<NotebookServer> target(NotebookInstance notebook, ContainerState container) {
        if (withoutInternet(notebook)) {
            return Optional.ofNullable(container.ipAddresses().get(networkName())).filter(ip -> !ip.isBlank())
                    .map(ip -> new NotebookServer(container.id(), JUPYTER_PORT, ip));
        }
        return container.hostPort(JUPYTER_PORT).map(port -> new NotebookServer(container.id(), port,
                container.publishedHost(), container.node()));
    }

    private static boolean withoutInternet(NotebookInstance notebook) {
        return DISABLED.equals(notebook.spec().directInternetAccess());
    }

    /** The internal network of this server's notebook instances without direct internet access. */
    String networkName() {
        return "sagebox-notebooks-" + settings.serverId();
    }

    /** Server shutdown: removes the notebook network if no Jupyter uses it any more (the engine refuses otherwise). */
    void removeUnusedNetwork() {
        try {
            engines.local().removeNetwork(networkName());
        } catch (ContainerEngineException e) {
            LOG.debug("notebook network {} stays: {}", networkName(), e.getMessage());
        }
    }

    /** Why the server's container no longer serves, or empty while it runs. */
    Optional<String> deadReason(NotebookServer server) {
        return deadReason(engine(server), server.containerId());
    }

    private static Optional<String> deadReason(ContainerEngine engine, String containerId) {
        Optional<ContainerState> state = engine.inspect(containerId);
        if (state.isEmpty()) {
            return Optional.of("The notebook instance's container was removed");
        }
        if (state.get().running()) {
            return Optional.empty();
        }
        OptionalInt code = state.get().exitCode();
        String how = state.get().oomKilled() ? " after running out of memory (instance type limit)"
                : code.isPresent() ? " with code " + code.getAsInt() : "";
        return Optional.of("The notebook instance's Jupyter server exited" + how);
    }

    /** SIGTERM, SIGKILL after the grace, then removal, for every container of the instance; the volume stays. */
    void stopContainers(NotebookInstance notebook) {
        ContainerEngine engine = engine(notebook);
        for (ContainerState c : engine.containersWithLabels(labels(notebook, CONTAINER_ROLE))) {
            try {
                engine.stop(c.id(), settings.stopGrace());
            } catch (ContainerEngineException e) {
                LOG.warn("could not stop container {} of notebook instance {}: {}", c.name(), notebook.name(),
                        e.getMessage());
            }
            removeQuietly(engine, c.id());
        }
        endCapture(notebook);
        credentials.ifPresent(issuer -> issuer.revoke(notebook.arn().toString()));
    }

    /**
     * Removes the instance's ML storage volume and its log stream, for good. On a swarm node other than the manager, a
     * task there empties the volume; the empty volume stays on that node.
     */
    void removeVolume(NotebookInstance notebook) {
        if (onCluster(notebook) && notebook.storageNode().isPresent()) {
            emptyVolumeOnNode(notebook, notebook.storageNode().get());
            removeOnceReleased(objectName(notebook));
        } else {
            engines.local().removeVolume(objectName(notebook));
        }
        logs.deleteStreams(LogGroups.NOTEBOOK_INSTANCES, LogGroups.notebookStream(notebook.name()));
    }

    /**
     * Removes the manager's volume (there when the instance's node is the manager), waiting for the containers of
     * removed tasks to leave it: a node removes them a moment after their service.
     */
    private void removeOnceReleased(String volume) {
        long deadline = System.nanoTime() + VOLUME_RELEASE.toNanos();
        while (true) {
            try {
                engines.local().removeVolume(volume);
                return;
            } catch (ContainerEngineException e) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    private void emptyVolumeOnNode(NotebookInstance notebook, String node) {
        ContainerEngine cluster = engines.cluster().orElseThrow().engine();
        // One left by a delete that a server stop interrupted.
        cluster.containersWithLabels(labels(notebook, EMPTYING_ROLE)).forEach(c -> removeQuietly(cluster, c.id()));
        ContainerSpec emptying = ContainerSpec.of(settings.image(), objectName(notebook) + "-emptying", List.of(),
                        labels(notebook, EMPTYING_ROLE))
                .withEntrypoint(List.of("find", STORAGE_MOUNT, "-mindepth", "1", "-delete"))
                .withUser("0:0")
                .withNode(node)
                .withMounts(List.of(Mount.volume(objectName(notebook), STORAGE_MOUNT)));
        String id = cluster.start(emptying);
        try {
            OptionalInt code = cluster.awaitExit(id, EMPTYING_TIMEOUT);
            if (code.isEmpty() || code.getAsInt() != 0) {
                throw new ContainerEngineException("emptying the volume of notebook instance " + notebook.name()
                        + " on node " + node + " ended with " + (code.isEmpty() ? "no exit" : "code "
                        + code.getAsInt()), null);
            }
        } finally {
            removeQuietly(cluster, id);
        }
    }

    /** Server shutdown: stops capturing, leaving Jupyter running; an adopting restart resumes where the stream ends. */
    void detachLogs() {
        List.copyOf(captures.keySet()).forEach(name -> {
            LogCapture capture = captures.remove(name);
            if (capture != null) {
                capture.close();
            }
        });
    }

    /** Sagebox's notebook image, built on first use while the instance is Pending, the build's output in its log. */
    private void buildImageIfMissing(NotebookInstance notebook) throws NotebookLaunchFailure {
        if (engines.local().imageExists(settings.image())) {
            return;
        }
        LogStreamWriter log = logs.open(LogGroups.NOTEBOOK_INSTANCES, LogGroups.notebookStream(notebook.name()));
        try {
            image.ensure(settings.image(), line -> log.append(clock.instant(), line));
        } finally {
            log.close();
        }
    }

    private void capture(NotebookInstance notebook, String containerId, boolean resume) {
        LogCapture previous = captures.put(notebook.name().toLowerCase(Locale.ROOT), LogCapture.start(engine(notebook),
                logs, LogGroups.NOTEBOOK_INSTANCES, LogGroups.notebookStream(notebook.name()), List.of(containerId),
                resume));
        if (previous != null) {
            previous.close();
        }
    }

    private void endCapture(NotebookInstance notebook) {
        LogCapture capture = captures.remove(notebook.name().toLowerCase(Locale.ROOT));
        if (capture != null) {
            capture.finish(LOG_DRAIN);
        }
    }

    private void removeContainers(NotebookInstance notebook) {
        ContainerEngine engine = engine(notebook);
        engine.containersWithLabels(labels(notebook, CONTAINER_ROLE)).forEach(c -> removeQuietly(engine, c.id()));
    }

    private ContainerSpec spec(NotebookInstance notebook, String token) {
        Map<String, String> env = new LinkedHashMap<>(environment.get());
        // Jupyter reads its token from here; nothing reaches the server without it.
        env.put("JUPYTER_TOKEN", token);
        Map<String, String> labels = new HashMap<>(labels(notebook, CONTAINER_ROLE));
        labels.put(API_LABEL, env.getOrDefault("AWS_ENDPOINT_URL_SAGEMAKER", ""));
        List<String> command = List.of(
                "--NotebookApp.base_url=" + notebook.basePath(),
                "--NotebookApp.allow_remote_access=True",
                "--NotebookApp.password=",
                "--NotebookApp.quit_button=False");
        List<Mount> mounts = new ArrayList<>(List.of(Mount.volume(objectName(notebook), STORAGE_MOUNT)));
        // The notebook's own credentials: the policy of its RoleArn, by default what the configured user may do.
        if (credentials.isPresent() && onCluster(notebook)) {
            CredentialIssuer issuer = credentials.get();
            env.putAll(SwarmNotebookCredentials.environment(issuer.delegate(notebook.arn().toString(),
                    AccessPolicy.everything())));
            Path config = SwarmNotebookCredentials.config(engines.cluster().orElseThrow().files());
            mounts.add(Mount.bind(config.toAbsolutePath().toString(), CredentialDelivery.CONTAINER_DIRECTORY, true));
        } else if (credentials.isPresent()) {
            CredentialDelivery delivery = credentials.get().issue(notebook.arn().toString(), AccessPolicy.everything());
            env.putAll(delivery.environment());
            mounts.add(Mount.bind(delivery.hostDirectory().toAbsolutePath().toString(),
                    CredentialDelivery.CONTAINER_DIRECTORY, true));
        }
        ContainerSpec spec = ContainerSpec.of(settings.image(), objectName(notebook), command, labels)
                .withHostname(notebook.name().toLowerCase(Locale.ROOT))
                .withEnv(env)
                .withMounts(mounts)
                .withLimits(limits(notebook, notebook.spec().instanceType()));
        if (DISABLED.equals(notebook.spec().rootAccess())) {
            spec = spec.withUser(UNPRIVILEGED_USER);
        }
        if (onCluster(notebook) && notebook.storageNode().isPresent()) {
            spec = spec.withNode(notebook.storageNode().get());
        }
        return withoutInternet(notebook) ? spec.withNetwork(networkName(), List.of())
                : spec.withPublishedPorts(List.of(JUPYTER_PORT));
    }

    private ResourceLimits limits(NotebookInstance notebook, String instanceType) {
        Optional<InstanceTypes.Shape> shape = InstanceTypes.shape(instanceType);
        if (shape.isEmpty() || !settings.enforceResourceLimits()) {
            return ResourceLimits.UNLIMITED;
        }
        // GPUs are not given to notebooks: Jupyter itself never needs them and most hosts have none.
        return ResourceLimits.of(shape.get(), engine(notebook).info(), 1, 0);
    }

    private Map<String, String> labels(NotebookInstance notebook, String role) {
        return SageboxLabels.forResource(settings.serverId(), notebook.arn().toString(), role);
    }

    private static void removeQuietly(ContainerEngine engine, String containerId) {
        try {
            engine.remove(containerId);
        } catch (ContainerEngineException e) {
            LOG.warn("could not remove notebook container {}: {}", containerId, e.getMessage());
        }
    }
}
