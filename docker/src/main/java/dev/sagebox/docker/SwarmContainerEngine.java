package dev.sagebox.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The {@link ContainerEngine} port on a Docker Swarm: the engine it talks to is a swarm manager, and each container
 * Sagebox starts is a service of one replica that is never restarted by the swarm (Sagebox replaces what fails, as on
 * one engine), placed on the node with the fewest tasks. A container's id here is its service's id; its state is
 * that of the service's newest task.
 *
 * <p>What a swarm changes, and how it is bridged:
 * <ul>
 * <li>Images: nodes pull from the cluster's registry; {@link SwarmImages} pushes the manager's image there first.
 * <li>Bind mounts: nodes cannot see the server's disk. Read-only ones are baked into an image; writable ones are
 *     refused.
 * <li>Networks are attachable overlays (named {@code <name>-swarm}, so they never clash with the bridges of the same
 *     server running on one engine). Overlays have no switch to keep containers on them from reaching each other.
 * <li>Published ports are published in host mode on the task's node, at a port the node picks; {@link
 *     ContainerState#publishedHost()} is the node's address.
 * <li>Containers cannot share a network namespace ({@link #sharesNetworkNamespaces()} is false).
 * <li>A service's log stays open after its task ended; {@link SwarmLogEnds} ends it, as a container's ends.
 * <li>Volumes, images and builds stay on the manager's own engine.
 * </ul>
 *
 * <p>Services are made and read in the engine's own JSON (through docker-java's transport): docker-java 3.7's swarm
 * model has no capability lists, pids limit or placement preferences, and no task port status or network attachments.
 */
public final class SwarmContainerEngine implements ContainerEngine {
    /** How long a new task may take to be scheduled, pull its image from the registry and start. */
    private static final Duration TASK_START = Duration.ofMinutes(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();
    private static final String NETWORK_SUFFIX = "-swarm";
    private static final Set<String> BEFORE_RUNNING = Set.of("new", "allocated", "pending", "assigned", "accepted",
            "preparing", "ready", "starting");

    private final DockerConnection connection;
    private final DockerJavaContainerEngine manager;
    private final SwarmImages images;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<FrameFollow> follows = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nodeAddresses = new ConcurrentHashMap<>();
    private final Object networkCreation = new Object();
    private final SwarmLogEnds logEnds;

    /**
     * @param registry {@code host:port} of the registry every node pulls from
     * @param workRoot where images that carry server directories are put together
     */
    public SwarmContainerEngine(DockerEngineSettings settings, String registry, Path workRoot) {
        this.connection = new DockerConnection(settings);
        this.manager = new DockerJavaContainerEngine(settings);
        this.images = new SwarmImages(connection, manager, registry, TASK_START, workRoot);
        this.logEnds = new SwarmLogEnds(this::inspect);
    }

    /** A swarm engine at DOCKER_HOST, or the default unix socket. */
    public static SwarmContainerEngine fromEnvironment(String registry, Path workRoot) {
        return new SwarmContainerEngine(DockerEngineSettings.fromEnvironment(), registry, workRoot);
    }

    @Override
    public EngineInfo info() {
        return manager.info();
    }

    @Override
    public boolean sharesNetworkNamespaces() {
        return false;
    }

    @Override
    public boolean imageExists(String image) {
        return manager.imageExists(image);
    }

    @Override
    public void buildImage(ImageBuild build, Consumer<String> progress) {
        manager.buildImage(build, progress);
    }

    @Override
    public void createNetwork(String name, Map<String, String> labels, NetworkOptions options) {
        String swarmName = name + NETWORK_SUFFIX;
        synchronized (networkCreation) {
            if (!networks(Map.of("name", List.of(swarmName))).isEmpty()) {
                return;
            }
            ObjectNode body = json.createObjectNode().put("Name", swarmName).put("Driver", "overlay")
                    .put("Attachable", true).put("Internal", options.internal()).put("CheckDuplicate", true);
            body.set("Labels", json.valueToTree(labels));
            try {
                connection.json("create network " + swarmName, "POST", "/networks/create", Optional.of(body));
            } catch (DockerConnection.EngineRefusal e) {
                if (e.status() != 409) {
                    throw refused("create network " + swarmName, e);
                }
            }
        }
    }

    @Override
    public void removeNetwork(String name) {
        try {
            connection.json("remove network " + name, "DELETE", "/networks/" + encode(name + NETWORK_SUFFIX),
                    Optional.empty());
        } catch (DockerConnection.EngineRefusal e) {
            if (e.status() != 404) {
                throw refused("remove network " + name, e);
            }
        }
    }

    @Override
    public List<LabelledObject> listNetworks(Map<String, String> labels) {
        List<LabelledObject> found = new ArrayList<>();
        for (JsonNode n : networks(Map.of("label", labelFilter(labels), "driver", List.of("overlay")))) {
            String name = n.path("Name").asText();
            if (name.endsWith(NETWORK_SUFFIX)) {
                found.add(new LabelledObject(name.substring(0, name.length() - NETWORK_SUFFIX.length()),
                        strings(n.path("Labels"))));
            }
        }
        return found;
    }

    private List<JsonNode> networks(Map<String, List<String>> filters) {
        List<JsonNode> list = new ArrayList<>();
        connection.json("list networks", "GET", "/networks?filters=" + filters(filters), Optional.empty())
                .forEach(list::add);
        // The name filter matches substrings.
        List<String> names = filters.get("name");
        return names == null ? list : list.stream().filter(n -> names.contains(n.path("Name").asText())).toList();
    }

    @Override
    public String start(ContainerSpec spec) {
        ContainerSpecRules.check(spec);
        if (spec.joinNetworkOf().isPresent()) {
            throw new ContainerEngineException("A swarm task cannot join another container's network namespace ("
                    + spec.name() + "): see sharesNetworkNamespaces().", null);
        }
        if (spec.limits().gpus() > 0) {
            throw new ContainerEngineException("A swarm task cannot be given GPUs (" + spec.name() + " asks for "
                    + spec.limits().gpus() + "): Sagebox does not place GPU instance types on a swarm yet.", null);
        }
        List<Mount> baked = new ArrayList<>();
        List<Mount> volumes = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            if (m.kind() == Mount.Kind.VOLUME) {
                volumes.add(m);
            } else if (m.readOnly()) {
                baked.add(m);
            } else {
                throw new ContainerEngineException("A swarm task cannot write into the server's directory "
                        + m.source() + " (" + m.target() + " of " + spec.name() + "): nodes do not share the"
                        + " server's disk.", null);
            }
        }
        String image = images.distribute(spec.image(), baked);
        JsonNode created;
        try {
            created = connection.json("create service " + spec.name(), "POST", "/services/create",
                    Optional.of(serviceSpec(spec, image, volumes)));
        } catch (DockerConnection.EngineRefusal e) {
            throw refused("create service " + spec.name(), e);
        }
        String id = created.path("ID").asText();
        try {
            awaitTaskStarted(id, spec.name());
        } catch (RuntimeException e) {
            try {
                remove(id);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return id;
    }

    /** The service of one replica that runs {@code spec}, in the engine's JSON. */
    private ObjectNode serviceSpec(ContainerSpec spec, String image, List<Mount> volumes) {
        ObjectNode container = json.createObjectNode().put("Image", image);
        container.set("Labels", json.valueToTree(spec.labels()));
        spec.entrypoint().ifPresent(e -> container.set("Command", json.valueToTree(e)));
        if (!spec.command().isEmpty()) {
            container.set("Args", json.valueToTree(spec.command()));
        }
        container.set("Env", json.valueToTree(spec.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
        spec.hostname().ifPresent(h -> container.put("Hostname", h));
        spec.user().ifPresent(u -> container.put("User", u));
        ArrayNode mounts = container.putArray("Mounts");
        for (Mount m : volumes) {
            ObjectNode mount = mounts.addObject().put("Type", "volume").put("Source", m.source())
                    .put("Target", m.target()).put("ReadOnly", m.readOnly());
            // The node creates the volume when the task starts there; it carries the resource's labels.
            mount.putObject("VolumeOptions").set("Labels", json.valueToTree(spec.labels()));
        }
        container.putArray("CapabilityDrop").add("ALL");
        ArrayNode add = container.putArray("CapabilityAdd");
        ContainerSecurity.CAPABILITIES.forEach(c -> add.add("CAP_" + c));

        ObjectNode task = json.createObjectNode();
        task.set("ContainerSpec", container);
        ObjectNode resources = task.putObject("Resources");
        ObjectNode limits = resources.putObject("Limits").put("Pids", ContainerSecurity.PIDS_LIMIT);
        ResourceLimits wanted = spec.limits();
        if (wanted.nanoCpus() > 0) {
            limits.put("NanoCPUs", wanted.nanoCpus());
            resources.withObjectProperty("Reservations").put("NanoCPUs", wanted.nanoCpus());
        }
        if (wanted.memoryBytes() > 0) {
            limits.put("MemoryBytes", wanted.memoryBytes());
            resources.withObjectProperty("Reservations").put("MemoryBytes", wanted.memoryBytes());
        }
        task.putObject("RestartPolicy").put("Condition", "none");
        ObjectNode placement = task.putObject("Placement");
        placement.putArray("Preferences").addObject().putObject("Spread").put("SpreadDescriptor", "node.id");
        spec.node().ifPresent(n -> placement.putArray("Constraints").add("node.id==" + n));
        if (spec.network().isPresent()) {
            String network = spec.network().get();
            ObjectNode attachment = task.putArray("Networks").addObject()
                    .put("Target", ContainerSecurity.NO_NETWORK.equals(network) ? network : network + NETWORK_SUFFIX);
            if (!spec.networkAliases().isEmpty()) {
                attachment.set("Aliases", json.valueToTree(spec.networkAliases()));
            }
        }

        ObjectNode service = json.createObjectNode().put("Name", spec.name());
        service.set("Labels", json.valueToTree(spec.labels()));
        service.set("TaskTemplate", task);
        service.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        if (!spec.publishedPorts().isEmpty()) {
            ArrayNode ports = service.putObject("EndpointSpec").putArray("Ports");
            // No published port: the node picks a free one for the task, read back from its port status.
            spec.publishedPorts().forEach(p -> ports.addObject().put("Protocol", "tcp").put("TargetPort", p)
                    .put("PublishMode", "host"));
        }
        return service;
    }

    /** Waits until the service's task has started a container; throws with the swarm's reason if it cannot. */
    private void awaitTaskStarted(String serviceId, String name) {
        long deadline = System.nanoTime() + TASK_START.toNanos();
        String last = "no task yet";
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> task = newestTask(serviceId);
            if (task.isPresent()) {
                JsonNode status = task.get().path("Status");
                String state = status.path("State").asText();
                last = state + (status.path("Err").asText().isEmpty() ? " (" + status.path("Message").asText() + ")"
                        : ": " + status.path("Err").asText());
                if (!BEFORE_RUNNING.contains(state)) {
                    boolean ran = status.path("ContainerStatus").has("ContainerID");
                    if (state.equals("running") || state.equals("complete") || (ran && state.equals("failed"))) {
                        return;
                    }
                    throw new ContainerEngineException("The swarm could not start " + name + ": " + last, null);
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new ContainerEngineException("interrupted while " + name + " was starting", null);
            }
        }
        throw new ContainerEngineException("The swarm did not start " + name + " within " + TASK_START + ": its task is "
                + last, null);
    }

    @Override
    public Optional<ContainerState> inspect(String containerId) {
        Optional<JsonNode> service = service(containerId);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(state(service.get(), newestTask(service.get().path("ID").asText())));
        } catch (NoSuchContainerException e) {
            return Optional.empty();
        }
    }

    /** The service's own JSON, or empty when there is no such service. */
    private Optional<JsonNode> service(String id) {
        try {
            return Optional.of(connection.json("inspect service " + id, "GET", "/services/" + encode(id),
                    Optional.empty()));
        } catch (DockerConnection.EngineRefusal e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw refused("inspect service " + id, e);
        }
    }

    private ContainerState state(JsonNode service, Optional<JsonNode> task) {
        String id = service.path("ID").asText();
        String name = service.path("Spec").path("Name").asText();
        Map<String, String> labels = strings(service.path("Spec").path("Labels"));
        if (task.isEmpty()) {
            return new ContainerState(id, name, false, OptionalInt.empty(), false, labels, Map.of(), Map.of(),
                    ContainerCreation.PUBLISH_IP, "");
        }
        JsonNode t = task.get();
        JsonNode status = t.path("Status");
        String state = status.path("State").asText();
        boolean running = state.equals("running") && t.path("DesiredState").asText().equals("running");
        JsonNode exit = status.path("ContainerStatus").path("ExitCode");
        OptionalInt exitCode = !running && !BEFORE_RUNNING.contains(state) && exit.isNumber()
                && status.path("ContainerStatus").has("ContainerID") ? OptionalInt.of(exit.asInt()) : OptionalInt.empty();
        Map<Integer, Integer> ports = new HashMap<>();
        for (JsonNode p : status.path("PortStatus").path("Ports")) {
            if (p.path("PublishedPort").asInt() > 0) {
                ports.put(p.path("TargetPort").asInt(), p.path("PublishedPort").asInt());
            }
        }
        Map<String, String> addresses = new HashMap<>();
        for (JsonNode attachment : t.path("NetworksAttachments")) {
            String network = attachment.path("Network").path("Spec").path("Name").asText();
            JsonNode first = attachment.path("Addresses").path(0);
            if (first.isTextual()) {
                String n = network.endsWith(NETWORK_SUFFIX)
                        ? network.substring(0, network.length() - NETWORK_SUFFIX.length()) : network;
                addresses.put(n, first.asText().replaceFirst("/.*", ""));
            }
        }
        return new ContainerState(id, name, running, exitCode, false, labels, ports, addresses,
                nodeAddress(t.path("NodeID").asText()), t.path("NodeID").asText());
    }

    /** Where a node's published ports answer: its address in the swarm (loopback when it gives none). */
    private String nodeAddress(String nodeId) {
        if (nodeId.isEmpty()) {
            return ContainerCreation.PUBLISH_IP;
        }
        return nodeAddresses.computeIfAbsent(nodeId, id -> {
            String addr = connection.json("inspect node " + id, "GET", "/nodes/" + encode(id), Optional.empty())
                    .path("Status").path("Addr").asText();
            return addr.isEmpty() || addr.equals("0.0.0.0") ? ContainerCreation.PUBLISH_IP : addr;
        });
    }

    /** The service's newest task, if it has one yet; NoSuchContainerException if the service is gone. */
    private Optional<JsonNode> newestTask(String serviceId) {
        List<JsonNode> tasks = new ArrayList<>();
        try {
            connection.json("list tasks of " + serviceId, "GET", "/tasks?filters="
                    + filters(Map.of("service", List.of(serviceId))), Optional.empty()).forEach(tasks::add);
        } catch (DockerConnection.EngineRefusal e) {
            if (e.status() == 404) {
                throw new NoSuchContainerException(serviceId, e);
            }
            throw refused("list tasks of " + serviceId, e);
        }
        return tasks.stream().filter(t -> serviceId.equals(t.path("ServiceID").asText()))
                .max(Comparator.comparing((JsonNode t) -> instant(t.path("CreatedAt").asText()))
                        .thenComparing(t -> t.path("Version").path("Index").asLong()));
    }

    @Override
    public OptionalInt awaitExit(String containerId, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            ContainerState state = inspect(containerId)
                    .orElseThrow(() -> new NoSuchContainerException(containerId, null));
            if (!state.running()) {
                return state.exitCode();
            }
            if (System.nanoTime() >= deadline) {
                return OptionalInt.empty();
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new ContainerEngineException("interrupted while waiting for " + containerId, null);
            }
        }
    }

    @Override
    public void stop(String containerId, Duration grace) {
        // Scaled to no replica with the grace given: the node sends SIGTERM, then SIGKILL once the grace is over.
        Optional<JsonNode> found = service(containerId);
        if (found.isEmpty()) {
            return;
        }
        JsonNode service = found.get();
        ObjectNode spec = service.path("Spec").deepCopy();
        spec.withObjectProperty("Mode").withObjectProperty("Replicated").put("Replicas", 0);
        spec.withObjectProperty("TaskTemplate").withObjectProperty("ContainerSpec").put("StopGracePeriod",
                grace.toNanos());
        try {
            connection.json("stop service " + containerId, "POST", "/services/" + encode(containerId)
                    + "/update?version=" + service.path("Version").path("Index").asLong(), Optional.of(spec));
        } catch (DockerConnection.EngineRefusal e) {
            if (e.status() == 404) {
                return;
            }
            throw refused("stop service " + containerId, e);
        }
        try {
            if (awaitExit(containerId, grace.plus(KILL_WAIT)).isEmpty() && inspect(containerId)
                    .map(ContainerState::running).orElse(false)) {
                throw new ContainerEngineException("service " + containerId + " still runs " + KILL_WAIT
                        + " after its grace period", null);
            }
        } catch (NoSuchContainerException e) {
            // Removed meanwhile: stopped enough.
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            connection.json("remove service " + containerId, "DELETE", "/services/" + encode(containerId),
                    Optional.empty());
        } catch (DockerConnection.EngineRefusal e) {
            if (e.status() != 404) {
                throw refused("remove service " + containerId, e);
            }
        }
    }

    @Override
    public List<ContainerState> containersWithLabels(Map<String, String> labels) {
        JsonNode services = connection.json("list services", "GET", "/services?filters="
                + filters(Map.of("label", labelFilter(labels))), Optional.empty());
        List<ContainerState> states = new ArrayList<>();
        for (JsonNode service : services) {
            try {
                states.add(state(service, newestTask(service.path("ID").asText())));
            } catch (NoSuchContainerException e) {
                // Removed between the list and the read of its tasks: no longer there.
            }
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

    /** A service cannot be attached to: its log is followed from the start instead, as an attach with logs does. */
    @Override
    public LogFollow followOutput(String containerId, LogSink sink) {
        return follow(containerId, false, Optional.empty(), sink);
    }

    private LogFollow follow(String serviceId, boolean timestamps, Optional<Instant> since, LogSink sink) {
        FrameFollow follow = FrameFollow.open(connection, serviceId, "follow logs of service ", sink, f -> {
            follows.remove(f);
            logEnds.forget(f);
        }, (c, f) -> {
            follows.add(f);
            var command = c.logServiceCmd(serviceId).withFollow(true).withStdout(true).withStderr(true)
                    .withTimestamps(timestamps);
            since.ifPresent(t -> command.withSince((int) t.getEpochSecond()));
            return command.exec(f);
        });
        logEnds.watch(follow, serviceId);
        return follow;
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        manager.createVolume(name, labels);
    }

    @Override
    public void removeVolume(String name) {
        manager.removeVolume(name);
    }

    @Override
    public List<LabelledObject> listVolumes(Map<String, String> labels) {
        return manager.listVolumes(labels);
    }

    @Override
    public void close() {
        logEnds.close();
        for (FrameFollow follow : List.copyOf(follows)) {
            follow.close();
        }
        connection.close();
        manager.close();
    }

    private static ContainerEngineException refused(String action, DockerConnection.EngineRefusal e) {
        return new ContainerEngineException(action + " failed: HTTP " + e.status() + ": "
                + DockerErrors.engineMessage(e), e);
    }

    private String filters(Map<String, List<String>> filters) {
        Map<String, List<String>> nonEmpty = new HashMap<>(filters);
        nonEmpty.values().removeIf(List::isEmpty);
        try {
            return encode(json.writeValueAsString(nonEmpty));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> labelFilter(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public String toString() {
        return "swarm engine (registry " + images.registry() + ")";
    }
}
