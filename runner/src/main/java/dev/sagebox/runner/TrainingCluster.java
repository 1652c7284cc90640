package dev.sagebox.runner;

import dev.sagebox.core.credentials.AccessPolicy;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.credentials.S3Grant;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.LogCapture;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.NetworkOptions;
import dev.sagebox.docker.ResourceLimits;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.storage.S3Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The containers of one training job: {@code algo-1 … algo-N} on a private network of the job, each resolving the
 * others by name, each with its own {@code /opt/ml}, each line of their output captured as a CloudWatch Logs event of
 * the host's stream ({@code /aws/sagemaker/TrainingJobs}, {@code <job>/algo-N-<start epoch seconds>}) and handed to
 * the job's {@link TrainingLogListener}.
 *
 * <p>With EnableNetworkIsolation a job's containers get no credentials and no way out, as on SageMaker: one host runs
 * without any network, several share an internal network on which they reach each other and nothing else. Sagebox
 * still stages the channels and uploads the output from outside.
 */
final class TrainingCluster {
    private final ContainerEngine engine;
    private final RunnerSettings settings;
    private final LogStore logs;
    private static final java.time.Duration LOG_DRAIN = java.time.Duration.ofSeconds(5);

    private final List<LogCapture> captures = new ArrayList<>();

    private final Optional<CredentialIssuer> credentials;

    /** Host name to where it runs on a swarm; empty on one engine, where /opt/ml is a directory of the workspace. */
    private final Map<String, NodeVolume> onNodes;

    /**
     * Where a swarm host runs: the node its agent staged on, the node's volume that is its {@code /opt/ml}, and the
     * node's volume its agent writes its own credentials to, if it has them.
     */
    record NodeVolume(String node, String volume, Optional<String> credentials) {
        NodeVolume(String node, String volume) {
            this(node, volume, Optional.empty());
        }

        /** {@code /opt/ml}, and the credentials read-only. */
        List<Mount> mounts() {
            List<Mount> mounts = new ArrayList<>(List.of(Mount.volume(volume, "/opt/ml")));
            credentials.ifPresent(c -> mounts.add(Mount.readOnlyVolume(c, CredentialDelivery.CONTAINER_DIRECTORY)));
            return mounts;
        }
    }

    TrainingCluster(ContainerEngine engine, RunnerSettings settings, LogStore logs,
            Optional<CredentialIssuer> credentials) {
        this(engine, settings, logs, credentials, Map.of());
    }

    TrainingCluster(ContainerEngine engine, RunnerSettings settings, LogStore logs,
            Optional<CredentialIssuer> credentials, Map<String, NodeVolume> onNodes) {
        this.engine = engine;
        this.settings = settings;
        this.logs = logs;
        this.credentials = credentials;
        this.onNodes = Map.copyOf(onNodes);
    }

    String networkName(TrainingSpec spec) {
        return "sagebox-" + settings.serverId() + "-" + spec.jobName().toLowerCase(java.util.Locale.ROOT);
    }

    private String containerName(TrainingSpec spec, String host) {
        return networkName(spec) + "-" + host;
    }

    private Map<String, String> jobLabels(TrainingSpec spec) {
        return Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE, SageboxLabels.INSTANCE, settings.serverId(),
                SageboxLabels.RESOURCE, spec.jobArn());
    }

    List<HostContainer> start(TrainingSpec spec, JobWorkspace workspace, TrainingLogListener listener) {
        // One host needs no private network: the default bridge is quicker to join and leave.
        // On a swarm every job has its overlay network: a task without one has no way out to S3.
        boolean cluster = workspace.hosts().size() > 1 || !onNodes.isEmpty();
        boolean isolated = spec.options().enableNetworkIsolation();
        if (cluster) {
            engine.createNetwork(networkName(spec), jobLabels(spec),
                    isolated ? new NetworkOptions(true, true) : NetworkOptions.OPEN);
        }
        ResourceLimits limits = limits(spec);
        Optional<CredentialDelivery> delivery = isolated || settings.containerS3().isEmpty() ? Optional.empty()
                : credentials.map(issuer -> issuer.issue(spec.jobArn(), policy(spec)));
        List<HostContainer> hosts = new ArrayList<>();
        for (String host : workspace.hosts()) {
            ContainerSpec container = ContainerSpec.of(spec.algorithm().trainingImage(), containerName(spec, host),
                            spec.algorithm().containerArguments().orElse(List.of("train")),
                            SageboxLabels.forResource(settings.serverId(), spec.jobArn(), host))
                    .withHostname(host)
                    .withEnv(environment(spec, delivery.isPresent() || (onNodes.containsKey(host)
                            && onNodes.get(host).credentials().isPresent())))
                    .withMounts(onNodes.containsKey(host) ? onNodes.get(host).mounts()
                            : mounts(spec, workspace, host, delivery))
                    .withLimits(limits);
            if (onNodes.containsKey(host)) {
                container = container.withNode(onNodes.get(host).node());
            }
            if (cluster) {
                container = container.withNetwork(networkName(spec), List.of(host));
            } else if (isolated) {
                container = container.withoutNetwork();
            }
            if (spec.algorithm().containerEntrypoint().isPresent()) {
                container = container.withEntrypoint(spec.algorithm().containerEntrypoint().get());
            }
            String id = engine.start(container);
            hosts.add(new HostContainer(host, id));
            String stream = LogGroups.trainingStream(spec.jobName(), host, Instant.now().getEpochSecond());
            follow(host, id, stream, false, listener);
        }
        return hosts;
    }

    /** The job's containers after a restart, in host order; empty unless every host's container still exists. */
    Optional<List<HostContainer>> find(TrainingSpec spec, JobWorkspace workspace) {
        return JobContainers.find(engine, jobLabels(spec), workspace.hosts());
    }

    /**
     * Follows re-attached hosts again, appending to each host's stream only what it wrote after the last event kept
     * (a host without a stream yet gets a new one).
     */
    void refollow(TrainingSpec spec, List<HostContainer> hosts, TrainingLogListener listener) {
        for (HostContainer h : hosts) {
            follow(h.name(), h.containerId(), JobContainers.streamToResume(logs, LogGroups.TRAINING_JOBS,
                    spec.jobName(), h.name()), true, listener);
        }
    }

    Optional<ContainerState> inspect(HostContainer host) {
        return engine.inspect(host.containerId());
    }

    ContainerEngine engine() {
        return engine;
    }

    /** Removes the job's containers (running or not) and its network, and revokes its credentials. */
    void tearDown(TrainingSpec spec) {
        detach();
        credentials.ifPresent(issuer -> issuer.revoke(spec.jobArn()));
        for (ContainerState c : engine.containersWithLabels(jobLabels(spec))) {
            engine.remove(c.id());
        }
        if (spec.instanceCount() > 1 || !onNodes.isEmpty()) {
            engine.removeNetwork(networkName(spec));
        }
    }

    /** After the hosts exited: lets each follow deliver the last of its output, then closes it. */
    void drainLogs() {
        captures.forEach(c -> c.finish(LOG_DRAIN));
        captures.clear();
    }

    /** Stops the log follows without touching the containers (server shutdown: the job resumes later). */
    void detach() {
        captures.forEach(LogCapture::close);
        captures.clear();
    }

    /**
     * What a job's own credentials may do: read its channels, read and write its output folder and its checkpoints;
     * nothing else in S3 and no API action.
     */
    static AccessPolicy policy(TrainingSpec spec) {
        List<S3Grant> grants = new ArrayList<>();
        for (ChannelDefinition channel : spec.channels()) {
            S3Location.parse(channel.s3Uri()).ifPresent(l -> grants.add(S3Grant.read(l.bucket(), l.key())));
        }
        S3Location.parse(spec.s3OutputPath()).ifPresent(l -> grants.add(S3Grant.readWrite(l.bucket(),
                folder(l.key()) + spec.jobName() + "/")));
        spec.checkpointConfig().flatMap(c -> S3Location.parse(c.s3Uri()))
                .ifPresent(l -> grants.add(S3Grant.readWrite(l.bucket(), l.key())));
        return AccessPolicy.s3Only(grants);
    }

    private static String folder(String key) {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /** {@code /opt/ml}, a CheckpointConfig.LocalPath outside it, and the job's credentials (read-only). */
    private static List<Mount> mounts(TrainingSpec spec, JobWorkspace workspace, String host,
            Optional<CredentialDelivery> delivery) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(Mount.bind(workspace.optMl(host).toAbsolutePath().toString(), "/opt/ml", false));
        spec.checkpointConfig().filter(c -> !CheckpointSync.underOptMl(c)).ifPresent(c -> mounts.add(Mount.bind(
                CheckpointSync.localDir(workspace, host, c).toAbsolutePath().toString(), c.localPath(), false)));
        delivery.ifPresent(d -> mounts.add(JobContainers.credentialsMount(d)));
        return mounts;
    }

    private void follow(String host, String containerId, String stream, boolean resume,
            TrainingLogListener listener) {
        captures.add(LogCapture.start(engine, logs, LogGroups.TRAINING_JOBS, stream, List.of(containerId), resume,
                (stderr, written, line) -> listener.line(host, written, line)));
    }

    private Map<String, String> environment(TrainingSpec spec, boolean ownCredentials) {
        Map<String, String> env = JobContainers.baseEnvironment(settings, spec.options().enableNetworkIsolation(),
                ownCredentials);
        env.putAll(spec.environment());
        env.put("TRAINING_JOB_NAME", spec.jobName());
        env.put("TRAINING_JOB_ARN", spec.jobArn());
        return env;
    }

    private ResourceLimits limits(TrainingSpec spec) {
        return JobContainers.limits(engine, settings, spec.instanceType());
    }
}
