package dev.sagebox.scheduler.tuning;

import static dev.sagebox.core.Errors.resourceInUse;
import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.JobState;
import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.ResourceType;
import dev.sagebox.runner.TrainingSpec;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * CreateHyperParameterTuningJob, DescribeHyperParameterTuningJob, ListHyperParameterTuningJobs,
 * StopHyperParameterTuningJob and the children behind ListTrainingJobsForHyperParameterTuningJob.
 */
public final class TuningJobService {
    private final HyperParameterTuningJobRepository tunings;
    private final TuningChildren children;
    private final Tuner tuner;
    private final AwsScope scope;
    private final Clock clock;

    public TuningJobService(HyperParameterTuningJobRepository tunings, TuningChildren children, Tuner tuner,
            AwsScope scope, Clock clock) {
        this.tunings = tunings;
        this.children = children;
        this.tuner = tuner;
        this.scope = scope;
        this.clock = clock;
    }

    public Arn arnOf(String name) {
        return scope.arn(ResourceType.HYPER_PARAMETER_TUNING_JOB, name);
    }

    /** Records the tuning job and starts its search; checks what the request alone cannot show. */
    public HyperParameterTuningJob create(String name, TuningConfig config, TrainingSpec definition,
            List<String> warmStartParents, Optional<String> warmStartType) {
        if (definition.algorithm().metricDefinitions().stream().noneMatch(m -> m.name().equals(
                config.objectiveMetric()))) {
            throw validation("The objective metric for the hyperparameter tuning job, [%s], isn't valid for the"
                    + " training job definition. Choose one of the metric definitions of AlgorithmSpecification."
                    + "MetricDefinitions.", config.objectiveMetric());
        }
        for (ParameterRange range : config.ranges()) {
            if (definition.hyperParameters().containsKey(range.name())) {
                throw validation("The hyperparameter %s is both static and tuned; give it in StaticHyperParameters"
                        + " or in ParameterRanges, not both.", range.name());
            }
        }
        for (String parent : warmStartParents) {
            HyperParameterTuningJob p = tunings.find(parent).orElseThrow(() -> validation(
                    "Could not find the parent hyperparameter tuning job %s of WarmStartConfig.", parent));
            if (!p.state().status().isTerminal()) {
                throw validation("The parent hyperparameter tuning job %s must have ended before it can warm start"
                        + " another; it is %s.", parent, p.state().status().wireName());
            }
        }
        HyperParameterTuningJob job = new HyperParameterTuningJob(name, arnOf(name), config, definition,
                warmStartParents, warmStartType, JobState.created(clock.instant()).started(clock.instant()),
                List.of());
        if (!tunings.insertIfAbsent(job)) {
            throw resourceInUse("Hyperparameter tuning job names must be unique within an AWS account and region,"
                    + " and a job with this name already exists (%s)", job.arn());
        }
        tuner.submit(job);
        return job;
    }

    public HyperParameterTuningJob describe(String name) {
        return tunings.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<HyperParameterTuningJob> list(ListQuery query) {
        return tunings.list(query);
    }

    /** The job's children as they stand. */
    public List<ChildStatus> children(HyperParameterTuningJob job) {
        return children.of(job);
    }

    /** The children of the warm start parents, for OverallBestTrainingJob. */
    public List<ChildStatus> parentChildren(HyperParameterTuningJob job) {
        return job.warmStartParents().stream().flatMap(p -> tunings.find(p).stream())
                .flatMap(p -> children.of(p).stream()).toList();
    }

    /** InProgress becomes Stopping at once; the running children are stopped and no new one starts. */
    public void stop(String name) {
        Optional<HyperParameterTuningJob> updated = tunings.update(name, j -> {
            if (j.state().status() != JobStatus.IN_PROGRESS) {
                throw validation("The request was rejected because the hyperparameter tuning job is in status %s.",
                        j.state().status().wireName());
            }
            return j.with(j.state().moved(JobStatus.STOPPING, Optional.empty(), clock.instant()));
        });
        if (updated.isEmpty()) {
            throw notFound(name);
        }
    }

    private RuntimeException notFound(String name) {
        return validation("Amazon SageMaker can't find a tuning job named %s.", name);
    }
}
