package dev.sagebox.runner.processing;

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
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.runner.HostContainer;
import dev.sagebox.runner.JobContainers;
import dev.sagebox.runner.RunnerSettings;
import dev.sagebox.storage.S3Location;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The containers of one processing job: {@code algo-1 … algo-N}, on a private network of the job when there are
 * several, each line of their output kept in {@code /aws/sagemaker/ProcessingJobs}, stream
 * {@code <job>/algo-N-<start epoch seconds>}. With EnableNetworkIsolation they get no credentials and no way out.
 */
final class ProcessingHosts {
    private static final Duration LOG_DRAIN = Duration.ofSeconds(5);

    private final ContainerEngine engine;
    private final RunnerSettings settings;
    private final LogStore logs;
    private final Optional<CredentialIssuer> credentials;
    private final List<LogCapture> captures = new ArrayList<>();

    ProcessingHosts(ContainerEngine engine, RunnerSettings settings, LogStore logs,
            Optional<CredentialIssuer> credentials) {
        this.engine = engine;
        this.settings = settings;
        this.logs = logs;
        this.credentials = credentials;
    }

    private String networkName(ProcessingSpec spec) {
        return "sagebox-" + settings.serverId() + "-pj-" + spec.jobName().toLowerCase(Locale.ROOT);
    }

    private Map<String, String> jobLabels(ProcessingSpec spec) {
        return Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE, SageboxLabels.INSTANCE, settings.serverId(),
                SageboxLabels.RESOURCE, spec.jobArn());
    }

    List<HostContainer> start(ProcessingSpec spec, ProcessingWorkspace workspace) {
        boolean cluster = spec.instanceCount() > 1;
        boolean isolated = spec.enableNetworkIsolation();
        if (cluster) {
            engine.createNetwork(networkName(spec), jobLabels(spec),
                    isolated ? new NetworkOptions(true, true) : NetworkOptions.OPEN);
        }
        Optional<CredentialDelivery> delivery = isolated || settings.containerS3().isEmpty() ? Optional.empty()
                : credentials.map(issuer -> issuer.issue(spec.jobArn(), policy(spec)));
        Map<String, String> env = JobContainers.baseEnvironment(settings, isolated, delivery);
        env.putAll(spec.environment());
        List<HostContainer> hosts = new ArrayList<>();
        for (String host : workspace.hosts()) {
            ContainerSpec container = ContainerSpec.of(spec.imageUri(), networkName(spec) + "-" + host,
                            spec.arguments().orElse(List.of()),
                            SageboxLabels.forResource(settings.serverId(), spec.jobArn(), host))
                    .withHostname(host)
                    .withEnv(env)
                    .withMounts(mounts(spec, workspace, host, delivery))
                    .withLimits(JobContainers.limits(engine, settings, spec.instanceType()));
            if (cluster) {
                container = container.withNetwork(networkName(spec), List.of(host));
            } else if (isolated) {
                container = container.withoutNetwork();
            }
            if (spec.entrypoint().isPresent()) {
                container = container.withEntrypoint(spec.entrypoint().get());
            }
            String id = engine.start(container);
            hosts.add(new HostContainer(host, id));
            follow(id, LogGroups.processingStream(spec.jobName(), host, Instant.now().getEpochSecond()), false);
        }
        return hosts;
    }

    /** The job's containers after a restart, in host order; empty unless every host's container still exists. */
    Optional<List<HostContainer>> find(ProcessingSpec spec, ProcessingWorkspace workspace) {
        return JobContainers.find(engine, jobLabels(spec), workspace.hosts());
    }

    /** Follows re-attached hosts again, appending to each host's latest stream what it wrote since. */
    void refollow(ProcessingSpec spec, List<HostContainer> hosts) {
        for (HostContainer h : hosts) {
            follow(h.containerId(), JobContainers.streamToResume(logs, LogGroups.PROCESSING_JOBS, spec.jobName(),
                    h.name()), true);
        }
    }

    private void follow(String containerId, String stream, boolean resume) {
        captures.add(LogCapture.start(engine, logs, LogGroups.PROCESSING_JOBS, stream, List.of(containerId), resume));
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

    /** Removes the job's containers and network, and revokes its credentials. */
    void tearDown(ProcessingSpec spec) {
        detach();
        credentials.ifPresent(issuer -> issuer.revoke(spec.jobArn()));
        for (ContainerState c : engine.containersWithLabels(jobLabels(spec))) {
            engine.remove(c.id());
        }
        if (spec.instanceCount() > 1) {
            engine.removeNetwork(networkName(spec));
        }
    }

    /** What a job's own credentials may do: read its inputs, read and write its outputs; nothing else. */
    static AccessPolicy policy(ProcessingSpec spec) {
        List<S3Grant> grants = new ArrayList<>();
        spec.inputs().forEach(in -> S3Location.parse(in.s3Uri())
                .ifPresent(l -> grants.add(S3Grant.read(l.bucket(), l.key()))));
        spec.outputs().forEach(out -> S3Location.parse(out.s3Uri())
                .ifPresent(l -> grants.add(S3Grant.readWrite(l.bucket(), l.key()))));
        return AccessPolicy.s3Only(grants);
    }

    private static List<Mount> mounts(ProcessingSpec spec, ProcessingWorkspace workspace, String host,
            Optional<CredentialDelivery> delivery) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(Mount.bind(abs(workspace.configDir(host)), "/opt/ml/config", true));
        mounts.add(Mount.bind(abs(workspace.outputDir(host)), "/opt/ml/output", false));
        for (int i = 0; i < spec.inputs().size(); i++) {
            mounts.add(Mount.bind(abs(workspace.inputDir(host, i)), spec.inputs().get(i).localPath(), false));
        }
        for (int i = 0; i < spec.outputs().size(); i++) {
            mounts.add(Mount.bind(abs(workspace.outputDir(host, i)), spec.outputs().get(i).localPath(), false));
        }
        delivery.ifPresent(d -> mounts.add(JobContainers.credentialsMount(d)));
        return mounts;
    }

    private static String abs(java.nio.file.Path path) {
        return path.toAbsolutePath().toString();
    }
}
