package dev.sagebox.hosting;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.Page;
import dev.sagebox.core.Quotas;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.SageboxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The notebook instance operations: records and status rules (contract 3.3, with SageMaker's wrong-state texts);
 * the containers come and go in the background through {@link NotebookLifecycle}.
 */
public final class NotebookInstanceService {
    /** The statuses in which an instance holds (or is about to hold) a container. */
    private static final java.util.Set<NotebookInstanceStatus> RUNNING = java.util.EnumSet.of(
            NotebookInstanceStatus.PENDING, NotebookInstanceStatus.IN_SERVICE, NotebookInstanceStatus.STOPPING);
    private final NotebookInstanceRepository notebooks;
    private final NotebookLifecycle lifecycle;
    private final NotebookAccess access;
    private final AwsScope scope;
    private final Clock clock;
    private final Quotas quotas;

    public NotebookInstanceService(NotebookInstanceRepository notebooks, NotebookLifecycle lifecycle,
            NotebookAccess access, Quotas quotas, AwsScope scope, Clock clock) {
        this.quotas = quotas;
        this.notebooks = notebooks;
        this.lifecycle = lifecycle;
        this.access = access;
        this.scope = scope;
        this.clock = clock;
    }

    public Arn arnOf(String name) {
        return scope.arn(ResourceType.NOTEBOOK_INSTANCE, name);
    }

    /** Records the instance as Pending and starts its Jupyter in the background. */
    public NotebookInstance create(NotebookInstanceSpec spec) {
        NotebookInstance notebook = NotebookInstance.created(spec, arnOf(spec.name()), clock.instant());
        synchronized (this) {
            if (notebooks.find(spec.name()).isEmpty()) {
                requireRoomFor(spec.instanceType());
            }
            if (!notebooks.insertIfAbsent(notebook)) {
                // moto's wording; SageMaker's own text is unconfirmed (contract section 2).
                throw validation("Cannot create a duplicate Notebook Instance (%s)", notebook.arn());
            }
        }
        lifecycle.launch(notebook);
        return notebook;
    }

    public NotebookInstance describe(String name) {
        return notebooks.find(name).orElseThrow(NotebookInstanceService::notFound);
    }

    public Page<NotebookInstance> list(ListQuery query) {
        return notebooks.list(query);
    }

    /** Stopped or Failed to Pending; Jupyter comes back on the same volume. */
    public void start(String name) {
        NotebookInstance pending;
        synchronized (this) {
            NotebookInstance before = describe(name);
            if (!RUNNING.contains(before.status())) {
                requireRoomFor(before.spec().instanceType());
            }
            pending = move(name, List.of(NotebookInstanceStatus.STOPPED, NotebookInstanceStatus.FAILED),
                    NotebookInstanceStatus.PENDING);
        }
        lifecycle.launch(pending);
    }

    /** InService to Stopping; the container goes, the volume stays. */
    public void stop(String name) {
        NotebookInstance stopping = move(name, List.of(NotebookInstanceStatus.IN_SERVICE),
                NotebookInstanceStatus.STOPPING);
        lifecycle.stop(stopping);
    }

    /**
     * Changes instance type, role or volume size of a Stopped instance; they take effect at the next start. Nothing
     * runs meanwhile, so the change is immediate and the instance stays Stopped (SageMaker passes through Updating).
     */
    public void update(String name, Optional<String> instanceType, Optional<String> roleArn,
            Optional<Integer> volumeSizeInGB) {
        List<NotebookInstanceStatus> allowed = List.of(NotebookInstanceStatus.STOPPED);
        Optional<NotebookInstance> updated = notebooks.update(name, n -> {
            requireStatus(n, allowed, NotebookInstanceStatus.UPDATING);
            NotebookInstanceSpec s = n.spec();
            int volume = volumeSizeInGB.orElse(s.volumeSizeInGB());
            if (volume < s.volumeSizeInGB()) {
                throw validation("The ML storage volume of Notebook Instance (%s) can only grow: VolumeSizeInGB %d is"
                        + " less than the current %d.", n.arn(), volume, s.volumeSizeInGB());
            }
            return n.withSpec(s.updated(instanceType.orElse(s.instanceType()), roleArn.orElse(s.roleArn()), volume),
                    clock.instant());
        });
        if (updated.isEmpty()) {
            throw notFound();
        }
    }

    /** Stopped or Failed to Deleting; the container, the volume and then the record go in the background. */
    public void delete(String name) {
        NotebookInstance deleting = move(name, List.of(NotebookInstanceStatus.STOPPED, NotebookInstanceStatus.FAILED),
                NotebookInstanceStatus.DELETING);
        lifecycle.delete(deleting);
    }

    /**
     * A one-time token for a presigned URL of the instance, whatever its status (SageMaker's behaviour when not
     * InService is unconfirmed; the proxy answers that Jupyter is not running until it is).
     */
    public String presign(String name, Duration sessionLength) {
        NotebookInstance notebook = describe(name);
        if (notebook.status() == NotebookInstanceStatus.DELETING) {
            throw notFound();
        }
        return access.issueUrlToken(notebook.name(), sessionLength);
    }

    /** Refuses a new running instance over SAGEBOX_MAX_NOTEBOOK_INSTANCES (ResourceLimitExceeded). */
    private void requireRoomFor(String instanceType) {
        int running = (int) notebooks.all().stream().filter(n -> RUNNING.contains(n.status())).count();
        Quotas.require(instanceType + " for notebook instance usage (notebook instances in service)", "Instances",
                quotas.notebookInstancesInService(), running, 1, "SAGEBOX_MAX_NOTEBOOK_INSTANCES");
    }

    private NotebookInstance move(String name, List<NotebookInstanceStatus> allowed, NotebookInstanceStatus next) {
        return notebooks.update(name, n -> {
            requireStatus(n, allowed, next);
            return n.moved(next, Optional.empty(), clock.instant());
        }).orElseThrow(NotebookInstanceService::notFound);
    }

    private static void requireStatus(NotebookInstance n, List<NotebookInstanceStatus> allowed,
            NotebookInstanceStatus next) {
        if (!allowed.contains(n.status())) {
            throw wrongStatus(n, allowed, next);
        }
    }

    /** SageMaker's observed wording, e.g. «Status (Pending) not in ([InService]). Unable to transition to ...». */
    static SageboxException wrongStatus(NotebookInstance n, List<NotebookInstanceStatus> allowed,
            NotebookInstanceStatus next) {
        String list = allowed.stream().map(NotebookInstanceStatus::wireName).collect(Collectors.joining(", "));
        return validation("Status (%s) not in ([%s]). Unable to transition to (%s) for Notebook Instance (%s)",
                n.status().wireName(), list, next.wireName(), n.arn());
    }

    private static SageboxException notFound() {
        return validation("RecordNotFound");
    }
}
