package dev.sagebox.hosting.transform;

import static dev.sagebox.core.Errors.resourceInUse;
import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.ModelRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/** CreateTransformJob, DescribeTransformJob, ListTransformJobs and StopTransformJob. */
public final class TransformJobService {
    private final TransformJobRepository jobs;
    private final ModelRepository models;
    private final TransformScheduler scheduler;
    private final AwsScope scope;
    private final Clock clock;

    public TransformJobService(TransformJobRepository jobs, ModelRepository models, TransformScheduler scheduler,
            AwsScope scope, Clock clock) {
        this.jobs = jobs;
        this.models = models;
        this.scheduler = scheduler;
        this.scope = scope;
        this.clock = clock;
    }

    public Arn arnOf(String name) {
        return scope.arn(ResourceType.TRANSFORM_JOB, name);
    }

    /**
     * Records the job with its model as it is now and hands it to the scheduler. {@code spec} builds the spec from
     * the model; an unknown model is refused before anything is stored.
     */
    public TransformJob create(String name, String modelName, Function<Model, TransformSpec> spec) {
        Model model = models.find(modelName).orElseThrow(() -> validation("Could not find model \"%s\".",
                scope.arn(ResourceType.MODEL, modelName)));
        TransformJob job = TransformJob.created(spec.apply(model), arnOf(name), clock.instant());
        if (!jobs.insertIfAbsent(job)) {
            throw resourceInUse("Job name must be unique within an AWS account and region, and a job with this name"
                    + " already exists (%s)", job.arn());
        }
        scheduler.submit(job);
        return job;
    }

    public TransformJob describe(String name) {
        return jobs.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<TransformJob> list(ListQuery query) {
        return jobs.list(query);
    }

    /** InProgress becomes Stopping at once; no new request is sent, those in flight finish. */
    public void stop(String name) {
        Optional<TransformJob> updated = jobs.update(name, j -> {
            if (j.state().status() != JobStatus.IN_PROGRESS) {
                throw validation("The request was rejected because the transform job is in status %s.",
                        j.state().status().wireName());
            }
            return j.with(j.state().moved(JobStatus.STOPPING, Optional.empty(), clock.instant()));
        });
        if (updated.isEmpty()) {
            throw notFound(name);
        }
        scheduler.requestStop(name);
    }

    private RuntimeException notFound(String name) {
        return validation("Could not find transform job '%s'.", arnOf(name));
    }
}
