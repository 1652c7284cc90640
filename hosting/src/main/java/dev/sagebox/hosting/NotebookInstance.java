package dev.sagebox.hosting;

import dev.sagebox.core.Arn;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.Resource;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A notebook instance as DescribeNotebookInstance reports it, plus the Jupyter server it runs while in service.
 *
 * @param server the running Jupyter server; present only while InService
 * @param storageNode the swarm node its ML storage volume is on (the node its Jupyter first ran on), where it runs
 *     again; empty on one Docker engine and before its first start
 */
public record NotebookInstance(
        NotebookInstanceSpec spec,
        Arn arn,
        NotebookInstanceStatus status,
        Optional<String> failureReason,
        Optional<NotebookServer> server,
        Instant creationTime,
        Instant lastModifiedTime,
        Optional<String> storageNode) implements Resource {
    /** Where Sagebox serves every notebook instance's Jupyter, below which each instance has its own path. */
    public static final String PATH_PREFIX = "/notebooks/";

    public NotebookInstance {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
        // Records stored before instances ran on a swarm have none.
        storageNode = storageNode == null ? Optional.empty() : storageNode;
    }

    /** A freshly created instance: Pending, no server yet. */
    public static NotebookInstance created(NotebookInstanceSpec spec, Arn arn, Instant now) {
        return new NotebookInstance(spec, arn, NotebookInstanceStatus.PENDING, Optional.empty(), Optional.empty(), now,
                now, Optional.empty());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Optional<String> statusName() {
        return Optional.of(status.wireName());
    }

    /**
     * The path Jupyter is served under (its base_url), e.g. {@code /notebooks/my-notebook/}. Lower case, as names are
     * unique regardless of case and the path must not depend on how a caller spelled the name.
     */
    public String basePath() {
        return basePath(spec.name());
    }

    /** The base path of the instance named {@code name}. */
    public static String basePath(String name) {
        return PATH_PREFIX + name.toLowerCase(Locale.ROOT) + "/";
    }

    /**
     * Moves to {@code next} (checked against the status table); the failure reason is kept only when failing, the
     * server only while in service.
     */
    public NotebookInstance moved(NotebookInstanceStatus next, Optional<String> reason, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("notebook instance " + name() + " cannot move from " + status + " to "
                    + next);
        }
        return new NotebookInstance(spec, arn, next, next == NotebookInstanceStatus.FAILED ? reason : Optional.empty(),
                next == NotebookInstanceStatus.IN_SERVICE ? server : Optional.empty(), creationTime, now, storageNode);
    }

    /** In service on {@code running}: from Pending, or again after a restart (a new or adopted server). */
    public NotebookInstance inService(NotebookServer running, Instant now) {
        if (status != NotebookInstanceStatus.IN_SERVICE && !status.canMoveTo(NotebookInstanceStatus.IN_SERVICE)) {
            throw new IllegalStateException("notebook instance " + name() + " cannot move from " + status
                    + " to IN_SERVICE");
        }
        return new NotebookInstance(spec, arn, NotebookInstanceStatus.IN_SERVICE, Optional.empty(),
                Optional.of(running), creationTime, now,
                running.node().isEmpty() ? storageNode : Optional.of(running.node()));
    }

    /** The same status with a changed spec (UpdateNotebookInstance). */
    public NotebookInstance withSpec(NotebookInstanceSpec changed, Instant now) {
        return new NotebookInstance(changed, arn, status, failureReason, server, creationTime, now, storageNode);
    }
}
