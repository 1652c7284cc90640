package dev.sagebox.api.ops;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.NotebookInstanceWire;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.hosting.NotebookAccess;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.NotebookInstanceService;
import dev.sagebox.hosting.NotebookInstanceSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The notebook instance operations on the wire. An instance's address is its path on this server, e.g.
 * {@code 127.0.0.1:7070/notebooks/my-notebook} (SageMaker: {@code my-notebook.notebook.us-east-1.sagemaker.aws}),
 * where {@link dev.sagebox.api.http.NotebookProxyHandler} serves its Jupyter to holders of a presigned URL.
 */
public final class NotebookInstanceOperations {
    private final NotebookInstanceService notebooks;
    private final TagService tags;
    private final Supplier<URI> server;

    /** @param server this server's base URI as users reach it (scheme, host and port), known once it listens */
    public NotebookInstanceOperations(NotebookInstanceService notebooks, TagService tags, Supplier<URI> server) {
        this.notebooks = notebooks;
        this.tags = tags;
        this.server = server;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateNotebookInstance", NotebookInstanceWire.CreateRequest.class, this::create);
        registry.add("DescribeNotebookInstance", NotebookInstanceWire.NameRequest.class,
                r -> describe(notebooks.describe(r.notebookInstanceName())));
        registry.add("ListNotebookInstances", ListRequest.class, this::list);
        registry.add("StartNotebookInstance", NotebookInstanceWire.NameRequest.class, r -> {
            notebooks.start(r.notebookInstanceName());
            return Map.of();
        });
        registry.add("StopNotebookInstance", NotebookInstanceWire.NameRequest.class, r -> {
            notebooks.stop(r.notebookInstanceName());
            return Map.of();
        });
        registry.add("UpdateNotebookInstance", NotebookInstanceWire.UpdateRequest.class, r -> {
            notebooks.update(r.notebookInstanceName(), Optional.ofNullable(r.instanceType()),
                    Optional.ofNullable(r.roleArn()), Optional.ofNullable(r.volumeSizeInGB()));
            return Map.of();
        });
        registry.add("DeleteNotebookInstance", NotebookInstanceWire.NameRequest.class, r -> {
            NotebookInstance gone = notebooks.describe(r.notebookInstanceName());
            notebooks.delete(r.notebookInstanceName());
            tags.forget(gone.arn());
            return Map.of();
        });
        registry.add("CreatePresignedNotebookInstanceUrl", NotebookInstanceWire.PresignRequest.class, this::presign);
    }

    private NotebookInstanceWire.CreateResponse create(NotebookInstanceWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        NotebookInstance notebook = notebooks.create(new NotebookInstanceSpec(
                r.notebookInstanceName(),
                r.instanceType(),
                r.roleArn(),
                r.volumeSizeInGB() == null ? NotebookInstanceSpec.DEFAULT_VOLUME_SIZE_GB : r.volumeSizeInGB(),
                Optional.ofNullable(r.subnetId()),
                r.securityGroupIds() == null ? List.of() : r.securityGroupIds(),
                Optional.ofNullable(r.kmsKeyId()),
                r.directInternetAccess() == null ? "Enabled" : r.directInternetAccess(),
                r.rootAccess() == null ? "Enabled" : r.rootAccess()));
        tags.tagNew(notebook.arn(), initialTags);
        return new NotebookInstanceWire.CreateResponse(notebook.arn().toString());
    }

    private NotebookInstanceWire.PresignResponse presign(NotebookInstanceWire.PresignRequest r) {
        Duration session = r.sessionExpirationDurationInSeconds() == null ? NotebookAccess.DEFAULT_SESSION
                : Duration.ofSeconds(r.sessionExpirationDurationInSeconds());
        String token = notebooks.presign(r.notebookInstanceName(), session);
        return new NotebookInstanceWire.PresignResponse(server.get() + path(r.notebookInstanceName())
                + "?authToken=" + token);
    }

    private Object list(ListRequest r) {
        Page<NotebookInstance> page = notebooks.list(ListQueries.BY_NAME.toQuery(r));
        return new NotebookInstanceWire.ListResponse(
                page.items().stream()
                        .map(n -> new NotebookInstanceWire.Summary(n.name(), n.arn().toString(),
                                n.status().wireName(), url(n), n.spec().instanceType(), n.creationTime(),
                                n.lastModifiedTime()))
                        .toList(),
                page.nextToken().orElse(null));
    }

    private NotebookInstanceWire.DescribeResponse describe(NotebookInstance n) {
        NotebookInstanceSpec s = n.spec();
        return new NotebookInstanceWire.DescribeResponse(
                n.arn().toString(),
                n.name(),
                n.status().wireName(),
                n.failureReason().orElse(null),
                url(n),
                s.instanceType(),
                s.subnetId().orElse(null),
                s.subnetId().isPresent() || !s.securityGroupIds().isEmpty() ? s.securityGroupIds() : null,
                s.roleArn(),
                s.kmsKeyId().orElse(null),
                n.lastModifiedTime(),
                n.creationTime(),
                s.directInternetAccess(),
                s.volumeSizeInGB(),
                s.rootAccess());
    }

    /** Like SageMaker's Url: the instance's address without a scheme. */
    private String url(NotebookInstance n) {
        return server.get().getAuthority() + path(n.name());
    }

    /** The instance's path without the trailing slash Jupyter's base URL has. */
    private static String path(String name) {
        String base = NotebookInstance.basePath(name);
        return base.substring(0, base.length() - 1);
    }
}
