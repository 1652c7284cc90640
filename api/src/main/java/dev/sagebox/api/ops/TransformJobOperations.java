package dev.sagebox.api.ops;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.TransformJobWire;
import dev.sagebox.core.JobState;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.hosting.transform.TransformJob;
import dev.sagebox.hosting.transform.TransformJobService;
import dev.sagebox.hosting.transform.TransformSpec;
import java.util.List;
import java.util.Map;

/** CreateTransformJob, DescribeTransformJob, ListTransformJobs and StopTransformJob on the wire. */
public final class TransformJobOperations {
    static final ListQueries DEFAULTS = new ListQueries(SortField.CREATION_TIME, SortOrder.DESCENDING, 10);

    private final TransformJobService jobs;
    private final TagService tags;

    public TransformJobOperations(TransformJobService jobs, TagService tags) {
        this.jobs = jobs;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateTransformJob", TransformJobWire.CreateRequest.class, this::create);
        registry.add("DescribeTransformJob", TransformJobWire.NameRequest.class,
                r -> describe(jobs.describe(r.transformJobName())));
        registry.add("ListTransformJobs", ListRequest.class, this::list);
        registry.add("StopTransformJob", TransformJobWire.NameRequest.class, r -> {
            jobs.stop(r.transformJobName());
            return Map.of();
        });
    }

    private TransformJobWire.CreateResponse create(TransformJobWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        String arn = jobs.arnOf(r.transformJobName()).toString();
        TransformJob job = jobs.create(r.transformJobName(), r.modelName(),
                model -> TransformSpecs.fromWire(arn, r, model));
        tags.tagNew(job.arn(), initialTags);
        return new TransformJobWire.CreateResponse(job.arn().toString());
    }

    private Object list(ListRequest r) {
        Page<TransformJob> page = jobs.list(DEFAULTS.toQuery(r));
        return new TransformJobWire.ListResponse(page.items().stream().map(j -> {
            JobState s = j.state();
            return new TransformJobWire.Summary(j.name(), j.arn().toString(), s.creationTime(),
                    s.endTime().orElse(null), s.lastModifiedTime(), s.status().wireName(),
                    s.failureReason().orElse(null));
        }).toList(), page.nextToken().orElse(null));
    }

    static TransformJobWire.DescribeResponse describe(TransformJob j) {
        TransformSpec s = j.spec();
        JobState state = j.state();
        return new TransformJobWire.DescribeResponse(
                j.name(),
                j.arn().toString(),
                state.status().wireName(),
                state.failureReason().orElse(null),
                s.model().name(),
                s.maxConcurrentTransforms().orElse(null),
                new TransformJobWire.ModelClientConfig((int) s.invocationsTimeout().toSeconds(),
                        s.invocationsMaxRetries()),
                s.maxPayloadInMB().orElse(null),
                s.batchStrategy().map(b -> b.wireName()).orElse(null),
                s.environment().isEmpty() ? null : s.environment(),
                TransformSpecs.input(s),
                TransformSpecs.output(s),
                new TransformJobWire.Resources(s.instanceType(), s.instanceCount(), null, null),
                state.creationTime(),
                state.startTime().orElse(null),
                state.endTime().orElse(null),
                TransformSpecs.dataProcessing(s));
    }
}
