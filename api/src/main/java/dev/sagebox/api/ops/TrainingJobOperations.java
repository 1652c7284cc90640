package dev.sagebox.api.ops;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.TrainingJobWire;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.scheduler.TrainingJob;
import dev.sagebox.scheduler.TrainingJobService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs and StopTrainingJob on the wire. */
public final class TrainingJobOperations {
    /** Newest first: the member doc says Ascending, the operation doc newest-first; clients page from the top. */
    static final ListQueries DEFAULTS = new ListQueries(SortField.CREATION_TIME, SortOrder.DESCENDING, 10);

    private final TrainingJobService jobs;
    private final TagService tags;

    public TrainingJobOperations(TrainingJobService jobs, TagService tags) {
        this.jobs = jobs;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateTrainingJob", TrainingJobWire.CreateRequest.class, this::create);
        registry.add("DescribeTrainingJob", TrainingJobWire.NameRequest.class,
                r -> describe(jobs.describe(r.trainingJobName())));
        registry.add("ListTrainingJobs", ListRequest.class, this::list);
        registry.add("StopTrainingJob", TrainingJobWire.NameRequest.class, r -> {
            jobs.stop(r.trainingJobName());
            return Map.of();
        });
    }

    private TrainingJobWire.CreateResponse create(TrainingJobWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        TrainingSpec spec = TrainingSpecs.fromWire(jobs.arnOf(r.trainingJobName()).toString(), r);
        TrainingJob job = jobs.create(spec);
        tags.tagNew(job.arn(), initialTags);
        return new TrainingJobWire.CreateResponse(job.arn().toString());
    }

    private Object list(ListRequest r) {
        Page<TrainingJob> page = jobs.list(DEFAULTS.toQuery(r));
        return new TrainingJobWire.ListResponse(
                page.items().stream()
                        .map(j -> new TrainingJobWire.Summary(j.name(), j.arn().toString(), j.creationTime(),
                                j.trainingEndTime().orElse(null), j.lastModifiedTime(), j.status().wireName(),
                                j.secondaryStatus().wireName()))
                        .toList(),
                page.nextToken().orElse(null));
    }

    static TrainingJobWire.DescribeResponse describe(TrainingJob j) {
        TrainingSpec s = j.spec();
        // Reported once the job has ended, as SageMaker does.
        Integer seconds = j.trainingStartTime().isPresent() && j.trainingEndTime().isPresent()
                ? (int) Duration.between(j.trainingStartTime().get(), j.trainingEndTime().get()).toSeconds() : null;
        return new TrainingJobWire.DescribeResponse(
                j.name(),
                j.arn().toString(),
                // Only once model.tar.gz was uploaded: a running or failed job has none to point at.
                j.status() == TrainingJobStatus.COMPLETED || j.status() == TrainingJobStatus.STOPPED
                        ? new TrainingJobWire.ModelArtifacts(s.modelArtifactsUri()) : null,
                j.status().wireName(),
                j.secondaryStatus().wireName(),
                j.failureReason().orElse(null),
                s.hyperParameters(),
                TrainingSpecs.algorithm(s.algorithm(), s.options()),
                s.roleArn(),
                s.channels().stream().map(TrainingSpecs::channel).toList(),
                // AWS answers an empty key id rather than none, and the SDK's Estimator.attach reads it.
                new TrainingJobWire.OutputDataConfig(s.outputKmsKeyId().orElse(""), s.s3OutputPath()),
                new TrainingJobWire.ResourceConfig(s.instanceType(), s.instanceCount(), s.volumeSizeInGB()),
                new TrainingJobWire.StoppingCondition((int) s.maxRuntime().toSeconds(),
                        s.options().maxWait().map(d -> (int) d.toSeconds()).orElse(null)),
                j.creationTime(),
                j.trainingStartTime().orElse(null),
                j.trainingEndTime().orElse(null),
                j.lastModifiedTime(),
                j.transitions().stream()
                        .map(t -> new TrainingJobWire.SecondaryStatusTransition(t.status().wireName(), t.startTime(),
                                t.endTime().orElse(null), t.statusMessage()))
                        .toList(),
                s.environment(),
                seconds,
                // Spot capacity here is the host's own and never interrupted: every second is billable.
                seconds,
                s.options().enableNetworkIsolation(),
                s.options().enableInterContainerTrafficEncryption(),
                s.options().enableManagedSpotTraining(),
                s.options().maximumRetryAttempts().map(TrainingJobWire.RetryStrategy::new).orElse(null),
                s.options().debuggerConfigs().get(TrainingSpecs.DEBUG_HOOK_CONFIG),
                s.options().debuggerConfigs().get(TrainingSpecs.PROFILER_CONFIG),
                s.checkpointConfig().map(TrainingSpecs::checkpoint).orElse(null),
                j.finalMetricDataList().isEmpty() ? null : j.finalMetricDataList().stream()
                        .map(m -> new TrainingJobWire.MetricData(m.metricName(), m.value(), m.timestamp()))
                        .toList(),
                j.tuningJobArn().orElse(null));
    }
}
