package dev.sagebox.api.ops;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.ProcessingJobWire;
import dev.sagebox.core.JobState;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.runner.processing.ProcessingSpec;
import dev.sagebox.scheduler.processing.ProcessingJob;
import dev.sagebox.scheduler.processing.ProcessingJobService;
import java.util.List;
import java.util.Map;

/** CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs and StopProcessingJob on the wire. */
public final class ProcessingJobOperations {
    static final ListQueries DEFAULTS = new ListQueries(SortField.CREATION_TIME, SortOrder.DESCENDING, 10);

    private final ProcessingJobService jobs;
    private final TagService tags;

    public ProcessingJobOperations(ProcessingJobService jobs, TagService tags) {
        this.jobs = jobs;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateProcessingJob", ProcessingJobWire.CreateRequest.class, this::create);
        registry.add("DescribeProcessingJob", ProcessingJobWire.NameRequest.class,
                r -> describe(jobs.describe(r.processingJobName())));
        registry.add("ListProcessingJobs", ListRequest.class, this::list);
        registry.add("StopProcessingJob", ProcessingJobWire.NameRequest.class, r -> {
            jobs.stop(r.processingJobName());
            return Map.of();
        });
    }

    private ProcessingJobWire.CreateResponse create(ProcessingJobWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        ProcessingSpec spec = ProcessingSpecs.fromWire(jobs.arnOf(r.processingJobName()).toString(), r);
        ProcessingJob job = jobs.create(spec);
        tags.tagNew(job.arn(), initialTags);
        return new ProcessingJobWire.CreateResponse(job.arn().toString());
    }

    private Object list(ListRequest r) {
        Page<ProcessingJob> page = jobs.list(DEFAULTS.toQuery(r));
        return new ProcessingJobWire.ListResponse(page.items().stream().map(j -> {
            JobState s = j.state();
            return new ProcessingJobWire.Summary(j.name(), j.arn().toString(), s.creationTime(),
                    s.endTime().orElse(null), s.lastModifiedTime(), s.status().wireName(),
                    s.failureReason().orElse(null), j.exitMessage().orElse(null));
        }).toList(), page.nextToken().orElse(null));
    }

    static ProcessingJobWire.DescribeResponse describe(ProcessingJob j) {
        ProcessingSpec s = j.spec();
        JobState state = j.state();
        return new ProcessingJobWire.DescribeResponse(
                ProcessingSpecs.inputs(s),
                ProcessingSpecs.outputConfig(s),
                j.name(),
                new ProcessingJobWire.Resources(new ProcessingJobWire.ClusterConfig(s.instanceCount(),
                        s.instanceType(), s.volumeSizeInGB(), null)),
                new ProcessingJobWire.StoppingCondition((int) s.maxRuntime().toSeconds()),
                new ProcessingJobWire.AppSpecification(s.imageUri(), s.entrypoint().orElse(null),
                        s.arguments().orElse(null)),
                s.environment().isEmpty() ? null : s.environment(),
                s.enableNetworkIsolation() || s.enableInterContainerTrafficEncryption()
                        ? new ProcessingJobWire.NetworkConfig(s.enableInterContainerTrafficEncryption(),
                                s.enableNetworkIsolation(), null)
                        : null,
                s.roleArn(),
                null,
                j.arn().toString(),
                state.status().wireName(),
                j.exitMessage().orElse(null),
                state.failureReason().orElse(null),
                state.endTime().orElse(null),
                state.startTime().orElse(null),
                state.lastModifiedTime(),
                state.creationTime());
    }
}
