package dev.sagebox.hosting;

import dev.sagebox.core.InstanceTypes;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.LogCapture;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.NetworkOptions;
import dev.sagebox.docker.ResourceLimits;
import dev.sagebox.docker.NoSuchImageException;
import dev.sagebox.docker.SageboxLabels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the containers of serving instances. An instance runs every container of its model in
 * one network namespace (the primary's): container i listens on 8080 + i, told through SAGEMAKER_BIND_TO_PORT when
 * there is more than one. What an instance's containers write goes to its CloudWatch Logs stream
 * {@code <variant>/<instance id>} of the group {@code /aws/sagemaker/Endpoints/<endpoint>}.
 *
 * <p>Instances are reached only through the router: the primary joins this server's endpoint network (a bridge on
 * which containers cannot reach each other, and which containers on Docker's default bridge cannot reach), publishes
 * no port, and the router calls it at its address on that network. A model with EnableNetworkIsolation runs on the
 * internal variant of that network, which has no route out. Only an engine on another host, whose bridge this host
 * cannot route to, makes the primary publish its ports on that host's loopback. On a swarm, whose tasks cannot
 * share a network namespace, every container of an instance is a task of its own on the endpoint network's overlay
 * and publishes its own port on its node, where the router calls it.
 */
public final class InstanceLauncher {
    static final int SERVING_PORT = 8080;
    static final String GENERATION = "sagebox.endpoint.generation";
    static final String VARIANT = "sagebox.endpoint.variant";
    static final String INSTANCE = "sagebox.endpoint.instance";
    static final String CONTAINER = "sagebox.endpoint.container";
    /** Within one endpoint network, instances must not reach each other: the router is their only client. */
    private static final NetworkOptions ENDPOINT_NETWORK = new NetworkOptions(false, false);
    private static final NetworkOptions ISOLATED_NETWORK = new NetworkOptions(true, false);
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLauncher.class);
    private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();
    /** How long a removed instance's output may take to reach its stream. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(2);

    private final ContainerEngine engine;
    private final HealthProbe probe;
    private final HostingSettings settings;
    private final LogStore logs;
    private final Map<ServingInstance, LogCapture> captures = new ConcurrentHashMap<>();
    private final InstanceNaming naming;

    InstanceLauncher(ContainerEngine engine, HealthProbe probe, HostingSettings settings, LogStore logs) {
        this(engine, probe, settings, logs, InstanceNaming.ENDPOINTS);
    }

    /** A launcher whose containers and logs are named for another kind of owner than endpoints. */
    public InstanceLauncher(ContainerEngine engine, HealthProbe probe, HostingSettings settings, LogStore logs,
            InstanceNaming naming) {
        this.naming = naming;
        this.engine = engine;
        this.probe = probe;
        this.settings = settings;
        this.logs = logs;
    }

    /** What to start: one instance of a variant of an endpoint, with its staged model directories. */
    public record Launch(String endpointName, String endpointArn, int generation, VariantDeployment variant,
            List<Path> modelDirs, String instanceId) {
    }

    /**
     * Starts all the instances, then waits until every container of every one answers /ping with 200. On any
     * failure removes everything it started and throws with the FailureReason.
     */
    List<ServingInstance> launch(List<Launch> launches) throws LaunchFailure, InterruptedException {
        return launch(launches, () -> false);
    }

    /**
     * Like {@link #launch(List)}, giving up (InterruptedException, everything started removed) as soon as
     * {@code cancelled} says so: between two starts and between two rounds of pings. A Docker call is never cut off
     * half-way, so no container is created behind the launcher's back.
     */
    public List<ServingInstance> launch(List<Launch> launches, BooleanSupplier cancelled)
            throws LaunchFailure, InterruptedException {
        List<ServingInstance> started = new ArrayList<>();
        Map<ServingInstance, Launch> origins = new HashMap<>();
        try {
            for (Launch launch : launches) {
                if (cancelled.getAsBoolean() || Thread.interrupted()) {
                    throw new InterruptedException("interrupted while starting instances of " + launch.endpointName());
                }
                ServingInstance instance = start(launch);
                started.add(instance);
                origins.put(instance, launch);
            }
            awaitHealthy(started, origins, cancelled);
            return started;
        } catch (LaunchFailure | InterruptedException | RuntimeException e) {
            started.forEach(this::remove);
            throw e;
        }
    }

    private ServingInstance start(Launch launch) throws LaunchFailure {
        List<ContainerDefinition> containers = launch.variant().containers();
        List<String> ids = new ArrayList<>();
        try {
            boolean isolated = launch.variant().model().enableNetworkIsolation();
            engine.createNetwork(networkName(isolated), SageboxLabels.shared(settings.serverId(),
                    isolated ? "endpoints-isolated" : "endpoints"), isolated ? ISOLATED_NETWORK : ENDPOINT_NETWORK);
            for (int i = 0; i < containers.size(); i++) {
                ids.add(engine.start(spec(launch, containers, i, ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0)))));
            }
            List<URI> hops = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                ContainerState serving = engine.inspect(ids.get(servingContainer(i))).orElseThrow(
                        () -> new LaunchFailure(primaryFailed(launch.variant().variantName())));
                hops.add(address(serving, networkName(launch.variant().model().enableNetworkIsolation()),
                        SERVING_PORT + i).orElseThrow(() -> new LaunchFailure(
                        primaryFailed(launch.variant().variantName()))));
            }
            ServingInstance instance = new ServingInstance(launch.instanceId(), launch.variant().variantName(),
                    launch.generation(), ids, hops);
            capture(launch.endpointName(), instance, false);
            return instance;
        } catch (NoSuchImageException e) {
            ids.forEach(this::removeQuietly);
            throw new LaunchFailure("The image '" + e.image() + "' of a container of production variant "
                    + launch.variant().variantName() + " does not exist. Sagebox never pulls images: build or load it"
                    + " into the Docker engine first.");
        } catch (LaunchFailure e) {
            ids.forEach(this::removeQuietly);
            throw e;
        } catch (ContainerEngineException e) {
            ids.forEach(this::removeQuietly);
            throw new LaunchFailure("Could not start an instance of production variant "
                    + launch.variant().variantName() + ": " + e.getMessage());
        }
    }

    private ContainerSpec spec(Launch launch, List<ContainerDefinition> containers, int index,
            Optional<String> primaryId) {
        ContainerDefinition definition = containers.get(index);
        Map<String, String> labels = new HashMap<>(SageboxLabels.forResource(settings.serverId(), launch.endpointArn(),
                launch.variant().variantName() + "/" + launch.instanceId() + "/" + index));
        labels.put(GENERATION, String.valueOf(launch.generation()));
        labels.put(VARIANT, launch.variant().variantName());
        labels.put(INSTANCE, launch.instanceId());
        labels.put(CONTAINER, String.valueOf(index));
        Map<String, String> env = new HashMap<>(definition.environment());
        if (containers.size() > 1) {
            env.put("SAGEMAKER_BIND_TO_PORT", String.valueOf(SERVING_PORT + index));
        }
        String name = ("sagebox-" + settings.serverId() + "-" + naming.containerTag() + "-" + launch.endpointName() + "-g" + launch.generation()
                + "-" + launch.instanceId() + "-" + index).toLowerCase(Locale.ROOT);
        ContainerSpec spec = ContainerSpec.of(definition.image(), name, List.of("serve"), labels)
                .withEnv(env)
                .withMounts(List.of(Mount.bind(launch.modelDirs().get(index).toAbsolutePath().toString(),
                        "/opt/ml/model", true)))
                .withLimits(limits(launch.variant(), containers.size()));
        if (primaryId.isPresent() && engine.sharesNetworkNamespaces()) {
            return spec.withJoinNetworkOf(primaryId.get());
        }
        spec = spec.withNetwork(networkName(launch.variant().model().enableNetworkIsolation()), List.of());
        if (settings.reachContainersDirectly()) {
            return spec;
        }
        if (!engine.sharesNetworkNamespaces()) {
            return spec.withPublishedPorts(List.of(SERVING_PORT + index));
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            ports.add(SERVING_PORT + i);
        }
        return spec.withPublishedPorts(ports);
    }

    /**
     * Which container of an instance answers at container {@code index}'s port: the primary, whose network namespace
     * they all share, or on an engine whose containers cannot share one (a swarm) the container itself.
     */
    private int servingContainer(int index) {
        return engine.sharesNetworkNamespaces() ? 0 : index;
    }

    /** The network instances of this server run on: {@code sagebox-endpoints[-isolated]-<server id>}. */
    String networkName(boolean isolated) {
        return "sagebox-endpoints-" + (isolated ? "isolated-" : "") + settings.serverId();
    }

    /**
     * Server shutdown: removes the endpoint networks no instance uses any more (the engine refuses to remove one in
     * use, and instances that keep running keep theirs for the next start), so that servers that come and go do not
     * use up the engine's address pools.
     */
    void removeUnusedNetworks() {
        for (boolean isolated : new boolean[] {false, true}) {
            try {
                engine.removeNetwork(networkName(isolated));
            } catch (ContainerEngineException e) {
                LOG.debug("endpoint network {} stays: {}", networkName(isolated), e.getMessage());
            }
        }
    }

    /** The instance type's CPUs and memory, shared evenly by the containers of one instance. */
    private ResourceLimits limits(VariantDeployment variant, int containers) {
        Optional<InstanceTypes.Shape> shape = InstanceTypes.shape(variant.instanceType());
        if (shape.isEmpty() || !settings.enforceResourceLimits()) {
            return ResourceLimits.UNLIMITED;
        }
        // GPUs are left to a later change: the serving contract does not say how a pipeline would share them.
        return ResourceLimits.of(shape.get(), engine.info(), containers, 0);
    }

    private void awaitHealthy(List<ServingInstance> instances, Map<ServingInstance, Launch> origins,
            BooleanSupplier cancelled) throws LaunchFailure, InterruptedException {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        List<ServingInstance> waiting = new ArrayList<>(instances);
        while (!waiting.isEmpty()) {
            for (ServingInstance instance : List.copyOf(waiting)) {
                if (!running(instance)) {
                    throw new LaunchFailure(primaryFailed(instance.variantName()));
                }
                if (pings(instance)) {
                    waiting.remove(instance);
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchFailure(primaryFailed(waiting.get(0).variantName()));
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted() || cancelled.getAsBoolean()) {
                throw new InterruptedException("interrupted while waiting for instances of "
                        + origins.get(waiting.get(0)).endpointName());
            }
        }
    }

    static String primaryFailed(String variantName) {
        return "The primary container for production variant " + variantName + " did not pass the ping health check."
                + " Please check CloudWatch logs for this endpoint.";
    }

    /** How an instance in service is doing. */
    enum Health {
        HEALTHY,
        /** A container of it is gone or has exited. */
        DEAD,
        /** Its containers run but one did not answer /ping with 200 in time. */
        NOT_ANSWERING
    }

    /** Whether every container of the instance runs and answers /ping with 200. */
    Health health(ServingInstance instance) {
        try {
            if (!running(instance)) {
                return Health.DEAD;
            }
        } catch (ContainerEngineException e) {
            LOG.warn("cannot inspect instance {}: {}", instance, e.getMessage());
            return Health.HEALTHY;
        }
        return pings(instance) ? Health.HEALTHY : Health.NOT_ANSWERING;
    }

    private boolean pings(ServingInstance instance) {
        for (URI hop : instance.hops()) {
            if (!probe.healthy(hop)) {
                return false;
            }
        }
        return true;
    }

    private boolean running(ServingInstance instance) {
        for (String id : instance.containerIds()) {
            Optional<ContainerState> state = engine.inspect(id);
            if (state.isEmpty() || !state.get().running()) {
                return false;
            }
        }
        return true;
    }

    /** Removes the instance's containers at once (SIGKILL); absent ones are ignored. Its log stream stays. */
    public void remove(ServingInstance instance) {
        List<String> ids = new ArrayList<>(instance.containerIds());
        java.util.Collections.reverse(ids);
        ids.forEach(this::removeQuietly);
        LogCapture capture = captures.remove(instance);
        if (capture != null) {
            capture.finish(LOG_DRAIN);
        }
    }

    private void capture(String endpointName, ServingInstance instance, boolean resume) {
        captures.put(instance, LogCapture.start(engine, logs, naming.logGroup().apply(endpointName),
                naming.logStream().apply(endpointName, instance), instance.containerIds(), resume));
    }

    /**
     * CreateEndpoint: the endpoint's log group exists from the start, empty until an instance writes, so a client
     * that reads it while the endpoint is made (SDK v3's deploy()) gets an empty page, never a missing group.
     */
    void createLogGroup(String endpointName) {
        logs.createGroup(LogGroups.endpoint(endpointName));
    }

    /** DeleteEndpoint: the endpoint's log group goes with it (its instances are removed already). */
    void deleteLogs(String endpointName) {
        logs.deleteGroup(LogGroups.endpoint(endpointName));
    }

    /** Server shutdown: stops capturing without touching the containers; a restart resumes where the streams end. */
    public void detachLogs() {
        List.copyOf(captures.keySet()).forEach(instance -> {
            LogCapture capture = captures.remove(instance);
            if (capture != null) {
                capture.close();
            }
        });
    }

    /** SIGTERM to every container, SIGKILL after the grace period, then removal. */
    public void stop(ServingInstance instance, Duration grace) {
        List<String> ids = new ArrayList<>(instance.containerIds());
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            try {
                engine.stop(id, grace);
            } catch (ContainerEngineException e) {
                LOG.warn("could not stop container {} of instance {}: {}", id, instance, e.getMessage());
            }
        }
        remove(instance);
    }

    /**
     * The instances of {@code generation} still running from before a restart: every container of the instance
     * exists, runs and answers /ping. Containers of the endpoint that do not make up such an instance are removed.
     */
    public List<ServingInstance> adopt(String endpointName, String endpointArn, int generation,
            Map<String, VariantDeployment> variants) {
        Map<String, Map<Integer, ContainerState>> byInstance = new HashMap<>();
        List<ContainerState> strays = new ArrayList<>();
        for (ContainerState c : containersOf(endpointArn)) {
            Map<String, String> l = c.labels();
            boolean ours = String.valueOf(generation).equals(l.get(GENERATION)) && variants.containsKey(l.get(VARIANT))
                    && l.get(INSTANCE) != null && l.get(CONTAINER) != null && c.running();
            if (ours) {
                byInstance.computeIfAbsent(l.get(VARIANT) + "\n" + l.get(INSTANCE), k -> new HashMap<>())
                        .put(Integer.parseInt(l.get(CONTAINER)), c);
            } else {
                strays.add(c);
            }
        }
        List<ServingInstance> adopted = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, ContainerState>> e : byInstance.entrySet()) {
            String[] key = e.getKey().split("\n", 2);
            VariantDeployment variant = variants.get(key[0]);
            Optional<ServingInstance> instance = rebuild(key[0], key[1], generation, variant.containers().size(),
                    networkName(variant.model().enableNetworkIsolation()), e.getValue());
            if (instance.isPresent() && pings(instance.get())) {
                adopted.add(instance.get());
                capture(endpointName, instance.get(), true);
            } else {
                strays.addAll(e.getValue().values());
            }
        }
        strays.forEach(c -> removeQuietly(c.id()));
        return adopted;
    }

    private Optional<ServingInstance> rebuild(String variant, String instanceId, int generation, int count,
            String network, Map<Integer, ContainerState> containers) {
        if (containers.size() != count || !containers.containsKey(0)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        List<URI> hops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ContainerState c = containers.get(i);
            ContainerState serving = containers.get(servingContainer(i));
            Optional<URI> address = serving == null ? Optional.empty() : address(serving, network, SERVING_PORT + i);
            if (c == null || address.isEmpty()) {
                return Optional.empty();
            }
            ids.add(c.id());
            hops.add(address.get());
        }
        return Optional.of(new ServingInstance(instanceId, variant, generation, ids, hops));
    }

    /** Every container of the endpoint this server started, whatever its generation. */
    public List<ContainerState> containersOf(String endpointArn) {
        return engine.containersWithLabels(Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE,
                SageboxLabels.INSTANCE, settings.serverId(), SageboxLabels.RESOURCE, endpointArn));
    }

    public void removeQuietly(String containerId) {
        try {
            engine.remove(containerId);
        } catch (ContainerEngineException e) {
            LOG.warn("could not remove container {}: {}", containerId, e.getMessage());
        }
    }

    /**
     * Where a container port of an instance answers: the primary's address on the endpoint network when the engine is
     * on this host (the containers of an instance share its network namespace), else the port Docker publishes on
     * loopback. An instance from before endpoints had their own network answers at whatever address it has.
     */
    private Optional<URI> address(ContainerState primary, String network, int containerPort) {
        if (settings.reachContainersDirectly()) {
            Optional<String> ip = Optional.ofNullable(primary.ipAddresses().get(network)).filter(a -> !a.isBlank())
                    .or(() -> primary.ipAddresses().values().stream().filter(a -> a != null && !a.isBlank())
                            .findFirst());
            if (ip.isPresent()) {
                return Optional.of(URI.create("http://" + ip.get() + ":" + containerPort));
            }
        }
        return primary.hostPort(containerPort).map(port -> URI.create("http://" + primary.publishedHost() + ":"
                + port));
    }
}
