package dev.sagebox.scheduler.processing;

import static dev.sagebox.core.Errors.resourceInUse;
import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.ResourceType;
import dev.sagebox.runner.processing.ProcessingSpec;
import java.time.Clock;
import java.util.Optional;

/** CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs and StopProcessingJob. */
public final class ProcessingJobService {
    private final ProcessingJobRepository jobs;
    private final ProcessingScheduler scheduler;
    private final AwsScope scope;
    private final Clock clock;

    public ProcessingJobService(ProcessingJobRepository jobs, ProcessingScheduler scheduler, AwsScope scope,
            Clock clock) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.scope = scope;
        this.clock = clock;
    }

    public Arn arnOf(String name) {
        return scope.arn(ResourceType.PROCESSING_JOB, name);
    }

    /** Records the job and hands it to the scheduler; the run happens in the background. */
    public ProcessingJob create(ProcessingSpec spec) {
        ProcessingJob job = ProcessingJob.created(spec, arnOf(spec.jobName()), clock.instant());
        if (!jobs.insertIfAbsent(job)) {
            throw resourceInUse("Job name must be unique within an AWS account and region, and a job with this name"
                    + " already exists (%s)", job.arn());
        }
        scheduler.submit(job);
        return job;
    }

    public ProcessingJob describe(String name) {
        return jobs.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<ProcessingJob> list(ListQuery query) {
        return jobs.list(query);
    }

    /** InProgress becomes Stopping at once; the containers get SIGTERM, then SIGKILL after the grace period. */
    public void stop(String name) {
        Optional<ProcessingJob> updated = jobs.update(name, j -> {
            if (j.state().status() != JobStatus.IN_PROGRESS) {
                throw validation("The request was rejected because the processing job is in status %s.",
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
        return validation("Could not find processing job '%s'.", arnOf(name));
    }
}
