package dev.sagebox.scheduler;

import static dev.sagebox.core.Errors.resourceInUse;
import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.Quotas;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.StopSignal;
import dev.sagebox.runner.TrainingSpec;
import java.time.Clock;
import java.util.Optional;

/** CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs and StopTrainingJob. */
public final class TrainingJobService {
    private final TrainingJobRepository jobs;
    private final TrainingScheduler scheduler;
    private final AwsScope scope;
    private final Clock clock;
    private final Quotas quotas;

    public TrainingJobService(TrainingJobRepository jobs, TrainingScheduler scheduler, Quotas quotas, AwsScope scope,
            Clock clock) {
        this.quotas = quotas;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.scope = scope;
        this.clock = clock;
    }

    /** The ARN a job of this name has. */
    public Arn arnOf(String name) {
        return scope.arn(ResourceType.TRAINING_JOB, name);
    }

    /**
     * Records the job and hands it to the scheduler; returns at once, the run happens in the background. Refused with
     * ResourceLimitExceeded, nothing stored, over the instances per job or the jobs in progress.
     */
    public TrainingJob create(TrainingSpec spec) {
        return create(spec, Optional.empty());
    }

    /** As {@link #create(TrainingSpec)}, for a child of the tuning job {@code tuningJobArn} when given. */
    public TrainingJob create(TrainingSpec spec, Optional<String> tuningJobArn) {
        TrainingJob created = TrainingJob.created(spec, arnOf(spec.jobName()), clock.instant());
        TrainingJob job = tuningJobArn.map(created::launchedBy).orElse(created);
        Quotas.require(spec.instanceType() + " for training job usage (instances per training job)", "Instances",
                quotas.instancesPerTrainingJob(), 0, spec.instanceCount(), "SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB");
        synchronized (this) {
            if (jobs.find(spec.jobName()).isEmpty()) {
                Quotas.require("training jobs in progress", "Jobs", quotas.trainingJobsInProgress(),
                        jobs.unfinished().size(), 1, "SAGEBOX_MAX_TRAINING_JOBS_IN_PROGRESS");
            }
            if (!jobs.insertIfAbsent(job)) {
                throw resourceInUse("Training job names must be unique within an AWS account and region, and a"
                        + " training job with this name already exists (%s)", job.arn());
            }
        }
        scheduler.submit(job);
        return job;
    }

    public TrainingJob describe(String name) {
        return jobs.find(name).orElseThrow(TrainingJobService::notFound);
    }

    public Page<TrainingJob> list(ListQuery query) {
        return jobs.list(query);
    }

    /** InProgress becomes Stopping at once; the container gets SIGTERM, then SIGKILL after the grace period. */
    public void stop(String name) {
        Optional<TrainingJob> updated = jobs.update(name, j -> {
            if (j.status() != TrainingJobStatus.IN_PROGRESS) {
                throw validation("The request was rejected because the training job is in status %s.",
                        j.status().wireName());
            }
            return j.moved(TrainingJobStatus.STOPPING, SecondaryStatus.STOPPING, "Stopping the training job",
                    Optional.empty(), clock.instant());
        });
        if (updated.isEmpty()) {
            throw notFound();
        }
        scheduler.requestStop(name, StopSignal.Cause.USER_REQUEST);
    }

    private static RuntimeException notFound() {
        return validation("Requested resource not found.");
    }
}
