package dev.sagebox.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.InstanceTypes;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.LogFollow;
import dev.sagebox.docker.LogSink;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.NetworkOptions;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a training job on a Docker Swarm ({@code SAGEBOX_ENGINE=swarm}): each host {@code algo-N} is a swarm task on
 * the job's overlay network, its {@code /opt/ml} a volume of the node it runs on. A {@link NodeAgent} task on that
 * node stages the host's config files and File-mode channels from S3 into the volume first (and streams its Pipe-mode
 * channels into FIFOs there while the host runs), and another packs and
 * uploads the model and output from it afterwards, so channel data and artifacts never touch the server's disk. The
 * hosts themselves are watched, stopped, logged and metered as on one engine ({@link TrainingCluster},
 * {@link ClusterWait}).
 */
public final class SwarmTrainingRunner implements TrainingRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmTrainingRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an agent may take: staging a large channel over the network is the long one. */
    private static final Duration AGENT_LIMIT = Duration.ofHours(2);
    private static final Duration AGENT_OUTPUT = Duration.ofSeconds(5);

    private final ContainerEngine engine;
    private final LogStore logs;
    private final RunnerSettings settings;
    private final ChannelResolver resolver;
    private final NodeAgentImage agentImage;
    /** Job ARN and host to the agent streaming its Pipe channels, removed once the hosts have ended. */
    private final Map<String, String> feeders = new java.util.concurrent.ConcurrentHashMap<>();

    private final Optional<CredentialIssuer> credentials;

    /**
     * @param engine a swarm engine ({@code SwarmContainerEngine})
     * @param credentials issues each job its own credentials, which its agents write on the hosts' nodes; empty: the
     *     hosts get the configured S3 keys (an external S3 that knows only its own)
     */
    public SwarmTrainingRunner(ContainerEngine engine, ObjectStore store, LogStore logs, RunnerSettings settings,
            Optional<CredentialIssuer> credentials) {
        this.credentials = credentials;
        this.engine = engine;
        this.logs = logs;
        this.settings = settings;
        this.resolver = new ChannelResolver(store);
        this.agentImage = new NodeAgentImage(engine, settings.workRoot().resolve(".node-agent"));
    }

    @Override
    public TrainingOutcome run(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        JobWorkspace workspace = new JobWorkspace(settings.workRoot(), spec.jobName(), spec.instanceCount());
        // The cluster whose log follows run: the hosts' once they started.
        TrainingCluster active = new TrainingCluster(engine, settings, logs, Optional.empty());
        try {
            Optional<String> refused = preflight(spec);
            if (refused.isPresent()) {
                return TrainingOutcome.failed(refused.get());
            }
            if (FileChannelStager.hasFileChannels(spec)) {
                observer.entered(SecondaryStatus.DOWNLOADING, DockerTrainingRunner.downloadingMessage(spec));
            }
            boolean isolated = spec.options().enableNetworkIsolation();
            // The hosts' network: with EnableNetworkIsolation an internal overlay, on which they reach each other and
            // nothing else. The agents then use a network of their own, since they fetch from and upload to S3.
            engine.createNetwork(active.networkName(spec), jobLabels(spec),
                    isolated ? new NetworkOptions(true, true) : NetworkOptions.OPEN);
            if (isolated) {
                engine.createNetwork(agentNetwork(), SageboxLabels.shared(settings.serverId(), "node-agents"));
            }
            Map<String, TrainingCluster.NodeVolume> nodes = stage(spec, workspace, active, stop);
            if (stop.cause().isPresent()) {
                tearDown(spec, active);
                return TrainingOutcome.stopped(stop.cause().get());
            }
            active = new TrainingCluster(engine, settings, logs, Optional.empty(), nodes);
            List<HostContainer> hosts = active.start(spec, workspace, metrics(spec, observer));
            observer.entered(SecondaryStatus.TRAINING, "Training image download completed. Training in progress.");
            return finish(spec, active, nodes, hosts, observer, stop);
        } catch (TrainingInterruptedException e) {
            active.detach();
            throw e;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The server is stopping: the hosts go on, and the next start resumes the job.
                active.detach();
                throw new TrainingInterruptedException(spec.jobName());
            }
            tearDown(spec, active);
            return TrainingOutcome.failed(reason(e));
        }
    }

    @Override
    public TrainingOutcome resume(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        JobWorkspace workspace = new JobWorkspace(settings.workRoot(), spec.jobName(), spec.instanceCount());
        TrainingCluster cluster = new TrainingCluster(engine, settings, logs, Optional.empty());
        Optional<List<HostContainer>> hosts = cluster.find(spec, workspace);
        if (hosts.isPresent() && spec.channels().stream().anyMatch(c -> c.inputMode() == ChannelInputMode.PIPE)) {
            tearDown(spec, cluster);
            return TrainingOutcome.failed(DockerTrainingRunner.PIPE_NOT_RESUMABLE);
        }
        if (hosts.isEmpty()) {
            tearDown(spec, cluster);
            return TrainingOutcome.failed("InternalServerError: Sagebox restarted while this job was starting or its"
                    + " hosts are gone, so the job cannot finish. Create it again.");
        }
        Map<String, TrainingCluster.NodeVolume> nodes = new LinkedHashMap<>();
        for (HostContainer host : hosts.get()) {
            String node = engine.inspect(host.containerId()).map(ContainerState::node).orElse("");
            nodes.put(host.name(), new TrainingCluster.NodeVolume(node, volumeName(spec, host.name())));
        }
        LOG.info("re-attached training job {} to its {} swarm host(s)", spec.jobName(), hosts.get().size());
        TrainingCluster onNodes = new TrainingCluster(engine, settings, logs, Optional.empty(), nodes);
        onNodes.refollow(spec, hosts.get(), metrics(spec, observer));
        try {
            return finish(spec, onNodes, nodes, hosts.get(), observer, stop);
        } catch (TrainingInterruptedException e) {
            onNodes.detach();
            throw e;
        } catch (RuntimeException e) {
            tearDown(spec, onNodes);
            return TrainingOutcome.failed(reason(e));
        }
    }

    /**
     * Runs a staging agent for every host at once, each placed by the swarm, and waits for them: the node each ran
     * on is where its host runs, on the volume it filled.
     */
    private Map<String, TrainingCluster.NodeVolume> stage(TrainingSpec spec, JobWorkspace workspace,
            TrainingCluster cluster, StopSignal stop) {
        List<String> hosts = workspace.hosts();
        Map<String, HostInput> inputs = inputs(spec, hosts);
        String image = agentImage.ensure();
        // The hosts get the job's credentials as on one engine (not an isolated job's); the agents sign with them.
        Optional<NodeAgentPlan.Credentials> own = agentCredentials(spec, ownCredentials(spec));
        Map<String, String> agents = new LinkedHashMap<>();
        for (String host : hosts) {
            List<String> directories = new ArrayList<>(List.of("input/config", "input/data", "model", "output/data",
                    "code", "checkpoints"));
            spec.channels().forEach(c -> directories.add("input/data/" + c.name()));
            NodeAgentPlan plan = new NodeAgentPlan(NodeAgentPlan.STAGE, directories,
                    ConfigFiles.contents(spec, hosts, host), inputs.get(host).downloads(), inputs.get(host).pipes(),
                    null, checkpoints(spec), own.orElse(null));
            agents.put(host, engine.start(agentSpec(spec, cluster, host, "stage", image, plan)));
        }
        Map<String, TrainingCluster.NodeVolume> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, String> agent : agents.entrySet()) {
            Optional<String> failed = awaitStaged(agent.getValue(), stop);
            if (stop.cause().isPresent()) {
                return nodes;
            }
            if (failed.isPresent()) {
                throw new AgentFailure("staging the data of " + agent.getKey() + " failed: " + failed.get());
            }
            String node = engine.inspect(agent.getValue()).map(ContainerState::node).orElse("");
            nodes.put(agent.getKey(), new TrainingCluster.NodeVolume(node, volumeName(spec, agent.getKey()),
                    own.filter(c -> c.folder() != null).map(c -> credentialsVolume(spec, agent.getKey()))));
        }
        // An agent that streams Pipe channels, syncs checkpoints or writes credentials goes on until the host has
        // ended; the others are done.
        agents.forEach((host, id) -> {
            if (inputs.get(host).pipes().isEmpty() && spec.checkpointConfig().isEmpty()
                    && own.filter(c -> c.folder() != null).isEmpty()) {
                engine.remove(id);
            } else {
                feeders.put(spec.jobArn() + "\n" + host, id);
            }
        });
        return nodes;
    }

    /**
     * Waits until the agent says the host may start (it printed {@link NodeAgentPlan#STAGED_LINE}, then exited 0 or,
     * streaming Pipe channels, goes on); the reason it failed, if it did.
     */
    private Optional<String> awaitStaged(String id, StopSignal stop) {
        StringBuilder seen = new StringBuilder();
        LogFollow follow = engine.followLogs(id, new LogSink() {
            @Override
            public void accept(boolean isStderr, byte[] chunk) {
                synchronized (seen) {
                    seen.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
                }
            }

            @Override
            public void end() {
            }
        });
        try (follow) {
            long deadline = System.nanoTime() + AGENT_LIMIT.toNanos();
            while (System.nanoTime() < deadline && stop.cause().isEmpty()) {
                OptionalInt code = engine.awaitExit(id, Duration.ofMillis(250));
                String text;
                synchronized (seen) {
                    text = seen.toString();
                }
                if (code.isPresent()) {
                    return code.getAsInt() == 0 ? Optional.empty() : Optional.of(output(id).lastLine());
                }
                if (text.contains(NodeAgentPlan.STAGED_LINE)) {
                    return Optional.empty();
                }
            }
            return Optional.of(stop.cause().isPresent() ? "stopped" : "took longer than " + AGENT_LIMIT);
        }
    }

    /** A host's share of the channels: File-mode objects to fetch, Pipe-mode channels to stream. */
    private record HostInput(List<NodeAgentPlan.Download> downloads, List<NodeAgentPlan.PipeChannel> pipes) {
    }

    /** Each host's share of every channel, resolved here (a listing), fetched or streamed on its node. */
    private Map<String, HostInput> inputs(TrainingSpec spec, List<String> hosts) {
        Map<String, HostInput> byHost = new HashMap<>();
        hosts.forEach(h -> byHost.put(h, new HostInput(new ArrayList<>(), new ArrayList<>())));
        for (ChannelDefinition channel : spec.channels()) {
            List<List<ChannelObject>> perHost = resolver.resolveAll(ChannelDataSource.of(
                    channel.s3DataType().wireName(), channel.s3Uri(), channel.distribution().wireName()), hosts.size());
            for (int i = 0; i < hosts.size(); i++) {
                HostInput input = byHost.get(hosts.get(i));
                List<NodeAgentPlan.Download> objects = new ArrayList<>();
                List<Long> sizes = new ArrayList<>();
                for (ChannelObject object : perHost.get(i)) {
                    boolean pipe = channel.inputMode() == ChannelInputMode.PIPE;
                    objects.add(new NodeAgentPlan.Download(object.location().bucket(), object.location().key(),
                            pipe ? object.relativePath() : "input/data/" + channel.name() + "/"
                                    + object.relativePath()));
                    sizes.add(object.size());
                }
                if (channel.inputMode() == ChannelInputMode.PIPE) {
                    input.pipes().add(new NodeAgentPlan.PipeChannel(channel.name(), channel.compression(),
                            channel.recordWrapper(), objects, sizes));
                } else {
                    input.downloads().addAll(objects);
                }
            }
        }
        return byHost;
    }

    /** Waits for the hosts, has each node's agent upload what its host left, and says how the job ended. */
    private TrainingOutcome finish(TrainingSpec spec, TrainingCluster cluster,
            Map<String, TrainingCluster.NodeVolume> nodes, List<HostContainer> hosts, TrainingObserver observer,
            StopSignal stop) {
        List<String> feeding = feeders.entrySet().stream().filter(e -> e.getKey().startsWith(spec.jobArn() + "\n"))
                .map(Map.Entry::getValue).toList();
        CompletableFuture<String> platformFailure = new CompletableFuture<>();
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> watchFeeders(feeding, platformFailure));
        ClusterWait.Ending ending;
        try {
            ending = new ClusterWait(engine, settings.stopGrace()).await(hosts, stop, platformFailure,
                    spec.jobName());
        } finally {
            platformFailure.complete(null);
            watch.cancel(true);
        }
        feeding.forEach(engine::remove);
        feeders.values().removeAll(feeding);
        cluster.drainLogs();
        observer.entered(SecondaryStatus.UPLOADING, "Uploading generated training model");
        Map<String, String> failures = upload(spec, cluster, nodes, ending.firstFailure()
                .map(exit -> exit.host().name()));
        Optional<String> failure = ending.firstFailure().map(exit -> Optional.ofNullable(failures.get(exit.host()
                .name())).map(text -> "AlgorithmError: " + text)
                .orElse("AlgorithmError: Exit Code: " + exit.exitCode())).or(ending::platformFailure);
        tearDown(spec, cluster);
        if (ending.stopCause().isPresent()) {
            return TrainingOutcome.stopped(ending.stopCause().get());
        }
        return failure.map(TrainingOutcome::failed).orElseGet(TrainingOutcome::completed);
    }

    /** Completes {@code failure} when a Pipe feeding agent exits before the hosts end: its stream broke. */
    private void watchFeeders(List<String> feeding, CompletableFuture<String> failure) {
        while (!failure.isDone() && !feeding.isEmpty()) {
            for (String id : feeding) {
                try {
                    if (engine.awaitExit(id, Duration.ofMillis(500)).isPresent() && !failure.isDone()) {
                        failure.complete("InternalServerError: the node agent feeding a host (Pipe channels,"
                                + " checkpoints, credentials) ended before it: " + output(id).lastLine());
                        return;
                    }
                } catch (ContainerEngineException e) {
                    return;
                }
            }
        }
    }

    /**
     * Uploads from every node: the other hosts' parts first, then algo-1, which merges them into the job's
     * archives. The failure text each host wrote, by host.
     */
    private Map<String, String> upload(TrainingSpec spec, TrainingCluster cluster,
            Map<String, TrainingCluster.NodeVolume> nodes, Optional<String> failedHost) {
        String image = agentImage.ensure();
        String parts = spec.outputDataUri().replaceFirst("output\\.tar\\.gz$", "sagebox-parts");
        Map<String, String> failures = new HashMap<>();
        NodeAgentPlan.Credentials signing = agentCredentials(spec, false).orElse(null);
        List<String> order = new ArrayList<>(nodes.keySet());
        order.remove("algo-1");
        order.add("algo-1");
        List<String> others = order.subList(0, order.size() - 1);
        Map<String, String> running = new LinkedHashMap<>();
        for (String host : others) {
            running.put(host, startUpload(spec, cluster, nodes, host, parts, image, signing));
        }
        collect(running, failures, failedHost);
        running.clear();
        running.put("algo-1", startUpload(spec, cluster, nodes, "algo-1", parts, image, signing));
        collect(running, failures, failedHost);
        return failures;
    }

    private String startUpload(TrainingSpec spec, TrainingCluster cluster,
            Map<String, TrainingCluster.NodeVolume> nodes, String host, String parts, String image,
            NodeAgentPlan.Credentials signing) {
        NodeAgentPlan plan = new NodeAgentPlan(NodeAgentPlan.UPLOAD, List.of(), Map.of(), List.of(), List.of(),
                new NodeAgentPlan.Upload(spec.modelArtifactsUri(), spec.outputDataUri(), parts, host,
                        spec.instanceCount()), checkpoints(spec), signing);
        return engine.start(agentSpec(spec, cluster, host, "upload", image, plan).withNode(nodes.get(host).node()));
    }

    /**
     * Waits for upload agents. Their output is read only where it is needed (reading an ended service's log costs
     * a second or more): for the host whose failure text makes the FailureReason, or an agent that failed.
     */
    private void collect(Map<String, String> agents, Map<String, String> failures, Optional<String> failedHost) {
        for (Map.Entry<String, String> agent : agents.entrySet()) {
            AgentResult result = awaitAgent(agent.getValue(), new StopSignal());
            if (result.exitCode().isEmpty()) {
                throw new AgentFailure("uploading the output of " + agent.getKey() + " failed: " + result.reason());
            }
            boolean failed = result.exitCode().getAsInt() != 0;
            if (failed || failedHost.filter(agent.getKey()::equals).isPresent()) {
                AgentOutput output = output(agent.getValue());
                output.failureText().ifPresent(text -> failures.put(agent.getKey(), text));
                if (failed) {
                    throw new AgentFailure("uploading the output of " + agent.getKey() + " failed: "
                            + output.lastLine());
                }
            }
            engine.remove(agent.getValue());
        }
    }

    private ContainerSpec agentSpec(TrainingSpec spec, TrainingCluster cluster, String host, String action,
            String image, NodeAgentPlan plan) {
        Map<String, String> env = new HashMap<>();
        env.put(NodeAgentPlan.ENVIRONMENT, plan.toJson());
        env.put("AWS_REGION", settings.region());
        settings.containerS3().ifPresent(s3 -> {
            env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            if (plan.credentials() == null) {
                // An external S3 knows only its own keys.
                env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            }
        });
        List<Mount> mounts = new ArrayList<>(List.of(Mount.volume(volumeName(spec, host), "/opt/ml")));
        if (credentials.isPresent() && ownCredentials(spec)) {
            // The stage agent writes the host's credentials there; the upload agent empties it.
            mounts.add(Mount.volume(credentialsVolume(spec, host), CredentialDelivery.CONTAINER_DIRECTORY));
        }
        return ContainerSpec.of(image, cluster.networkName(spec) + "-" + host + "-" + action, List.of(),
                SageboxLabels.forResource(settings.serverId(), spec.jobArn(), host + "/" + action))
                .withEnv(env)
                .withMounts(mounts)
                .withNetwork(spec.options().enableNetworkIsolation() ? agentNetwork() : cluster.networkName(spec),
                        List.of());
    }

    /** An agent's end: its exit code (empty when it did not end), or why it did not. */
    private record AgentResult(OptionalInt exitCode, String reason) {
    }

    /** What an ended agent said: its last line and the failure text of its host, if it reported one. */
    private record AgentOutput(String lastLine, Optional<String> failureText) {
    }

    private AgentResult awaitAgent(String id, StopSignal stop) {
        long deadline = System.nanoTime() + AGENT_LIMIT.toNanos();
        OptionalInt code = OptionalInt.empty();
        while (System.nanoTime() < deadline) {
            code = engine.awaitExit(id, Duration.ofSeconds(1));
            if (code.isPresent() || stop.cause().isPresent()) {
                break;
            }
        }
        if (code.isEmpty()) {
            engine.remove(id);
            return new AgentResult(code, stop.cause().isPresent() ? "stopped" : "took longer than " + AGENT_LIMIT);
        }
        return new AgentResult(code, "exited with " + code.getAsInt());
    }

    private AgentOutput output(String id) {
        List<String> lines = text(id).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        Optional<String> failure = lines.stream().filter(l -> l.startsWith(NodeAgentPlan.FAILURE_LINE)).findFirst()
                .map(l -> {
                    try {
                        return JSON.readValue(l.substring(NodeAgentPlan.FAILURE_LINE.length()), String.class);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return l.substring(NodeAgentPlan.FAILURE_LINE.length());
                    }
                });
        return new AgentOutput(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1), failure);
    }

    /** What an ended agent wrote: its log, read until it ends (or for a few seconds at most). */
    private String text(String id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (LogFollow follow = engine.followLogs(id, new LogSink() {
            @Override
            public void accept(boolean isStderr, byte[] chunk) {
                synchronized (bytes) {
                    bytes.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void end() {
                ended.complete(null);
            }
        })) {
            follow.awaitEnd(AGENT_OUTPUT);
        } catch (ContainerEngineException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
        synchronized (bytes) {
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private void tearDown(TrainingSpec spec, TrainingCluster cluster) {
        credentials.ifPresent(issuer -> issuer.revoke(spec.jobArn()));
        try {
            cluster.tearDown(spec);
        } catch (ContainerEngineException e) {
            LOG.warn("could not remove every task of training job {}: {}", spec.jobName(), e.getMessage());
        }
    }

    private Map<String, String> jobLabels(TrainingSpec spec) {
        return Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE, SageboxLabels.INSTANCE, settings.serverId(),
                SageboxLabels.RESOURCE, spec.jobArn());
    }

    /** The network node agents of isolated jobs reach S3 on (one for all of this server's jobs). */
    private String agentNetwork() {
        return "sagebox-node-agents-" + settings.serverId();
    }

    /**
     * The job's key for an agent (issued again: a restarted server uploads a job it did not stage), written for the
     * host when {@code forHost}; empty when Sagebox issues no credentials (an external S3).
     */
    private Optional<NodeAgentPlan.Credentials> agentCredentials(TrainingSpec spec, boolean forHost) {
        return credentials.filter(issuer -> settings.containerS3().isPresent())
                .map(issuer -> issuer.delegate(spec.jobArn(), TrainingCluster.policy(spec)))
                .map(d -> new NodeAgentPlan.Credentials(d.ownerKey(), d.window().toMillis(),
                        forHost ? CredentialDelivery.CONTAINER_DIRECTORY : null));
    }

    /** Whether the job's hosts get credentials of their own: as on one engine, not an isolated job's. */
    private boolean ownCredentials(TrainingSpec spec) {
        return !spec.options().enableNetworkIsolation() && settings.containerS3().isPresent();
    }

    /** The node volume the host's agent writes its credentials to, mounted read-only in the host. */
    private String credentialsVolume(TrainingSpec spec, String host) {
        return volumeName(spec, host) + "-aws";
    }

    /** The node volume that is a host's {@code /opt/ml}. */
    private String volumeName(TrainingSpec spec, String host) {
        return ("sagebox-" + settings.serverId() + "-" + spec.jobName() + "-" + host).toLowerCase(Locale.ROOT);
    }

    private static TrainingLogListener metrics(TrainingSpec spec, TrainingObserver observer) {
        return MetricExtractor.of(spec.algorithm().metricDefinitions(), observer::metric);
    }

    private Optional<String> preflight(TrainingSpec spec) {
        String image = spec.algorithm().trainingImage();
        if (!engine.imageExists(image)) {
            return Optional.of("ClientError: The training image " + image + " does not exist on this host. Build it"
                    + " locally first: Sagebox never pulls images.");
        }
        int gpus = InstanceTypes.shape(spec.instanceType()).map(InstanceTypes.Shape::gpus).orElse(0);
        if (gpus > 0) {
            return Optional.of("CapacityError: Instance type " + spec.instanceType() + " needs " + gpus + " GPU(s);"
                    + " training on a swarm places no GPUs yet. Use a CPU instance type, or SAGEBOX_ENGINE=local.");
        }
        if (spec.checkpointConfig().filter(c -> !CheckpointSync.underOptMl(c)).isPresent()) {
            return Optional.of("ClientError: CheckpointConfig.LocalPath " + spec.checkpointConfig().get().localPath()
                    + " is outside /opt/ml, which is the only directory of a host on its swarm node; use a path"
                    + " under it, such as the default " + CheckpointConfig.DEFAULT_LOCAL_PATH + ".");
        }
        return Optional.empty();
    }

    /** The job's CheckpointConfig for its agents (LocalPath relative to the volume), or null without one. */
    private NodeAgentPlan.Checkpoints checkpoints(TrainingSpec spec) {
        return spec.checkpointConfig().map(c -> new NodeAgentPlan.Checkpoints(c.s3Uri(),
                Path.of("/opt/ml").relativize(Path.of(c.localPath()).normalize()).toString(),
                settings.checkpointSyncInterval().toMillis())).orElse(null);
    }

    /** A node agent that did not do its part. */
    private static final class AgentFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AgentFailure(String message) {
            super(message);
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof AgentFailure) {
            return "InternalServerError: " + e.getMessage();
        }
        return DockerTrainingRunner.reason(e);
    }
}
