package dev.sagebox.runner;

import dev.sagebox.core.InstanceTypes;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.SageboxLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.ResourceLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What every job container (training or processing host) gets alike: its region, S3 access and resource limits. */
public final class JobContainers {
    private JobContainers() {
    }

    /**
     * The region, and the S3 endpoint with the job's own credentials (or, for an external S3 that only knows its own
     * keys, those). An isolated container can reach no endpoint and gets no key it could hand to one that can.
     */
    public static Map<String, String> baseEnvironment(RunnerSettings settings, boolean isolated,
            Optional<CredentialDelivery> delivery) {
        return baseEnvironment(settings, isolated, delivery.isPresent());
    }

    /** @param ownCredentials whether the container finds its own credentials at the usual place */
    public static Map<String, String> baseEnvironment(RunnerSettings settings, boolean isolated,
            boolean ownCredentials) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        settings.containerS3().filter(s3 -> !isolated).ifPresent(s3 -> {
            env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            if (ownCredentials) {
                env.putAll(CredentialDelivery.containerEnvironment());
            } else {
                // An external S3 knows only its own keys (see docs/security.md: such containers are not scoped).
                env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            }
        });
        return env;
    }

    /** The read-only mount of a job's credentials. */
    public static Mount credentialsMount(CredentialDelivery delivery) {
        return Mount.bind(delivery.hostDirectory().toAbsolutePath().toString(), CredentialDelivery.CONTAINER_DIRECTORY,
                true);
    }

    /** The instance type's CPUs, memory and GPUs for one host (unlimited for a type Sagebox does not know). */
    public static ResourceLimits limits(ContainerEngine engine, RunnerSettings settings, String instanceType) {
        Optional<InstanceTypes.Shape> shape = InstanceTypes.shape(instanceType);
        if (shape.isEmpty()) {
            return ResourceLimits.UNLIMITED;
        }
        int gpus = shape.get().gpus();
        if (!settings.enforceResourceLimits()) {
            return new ResourceLimits(0, 0, gpus);
        }
        return ResourceLimits.of(shape.get(), engine.info(), 1, gpus);
    }

    /**
     * A job's host containers after a restart, in host order, found by their labels; empty unless every host's
     * container still exists.
     */
    public static Optional<List<HostContainer>> find(ContainerEngine engine, Map<String, String> jobLabels,
            List<String> hostNames) {
        Map<String, String> byRole = new LinkedHashMap<>();
        for (ContainerState c : engine.containersWithLabels(jobLabels)) {
            byRole.put(c.labels().getOrDefault(SageboxLabels.ROLE, ""), c.id());
        }
        List<HostContainer> hosts = new ArrayList<>();
        for (String host : hostNames) {
            String id = byRole.get(host);
            if (id == null) {
                return Optional.empty();
            }
            hosts.add(new HostContainer(host, id));
        }
        return Optional.of(hosts);
    }

    /**
     * The stream a re-attached host goes on writing to: its latest {@code <job>/<host>-<epoch>} in {@code group},
     * or a new one when it has none yet.
     */
    public static String streamToResume(LogStore logs, String group, String jobName, String host) {
        String prefix = jobName + "/" + host + "-";
        return logs.streams(group).orElse(List.of()).stream().filter(s -> s.name().startsWith(prefix))
                .max(Comparator.comparing(LogStreamSummary::creationTime)).map(LogStreamSummary::name)
                .orElseGet(() -> LogGroups.trainingStream(jobName, host, Instant.now().getEpochSecond()));
    }
}
