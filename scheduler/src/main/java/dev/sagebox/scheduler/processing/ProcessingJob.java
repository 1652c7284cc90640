package dev.sagebox.scheduler.processing;

import dev.sagebox.core.Arn;
import dev.sagebox.core.JobState;
import dev.sagebox.core.StatefulJob;
import dev.sagebox.runner.processing.ProcessingSpec;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A processing job as DescribeProcessingJob reports it.
 *
 * @param exitMessage the hosts' {@code /opt/ml/output/message}, once the job has ended
 */
public record ProcessingJob(ProcessingSpec spec, Arn arn, JobState state, Optional<String> exitMessage)
        implements StatefulJob {
    public ProcessingJob {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(exitMessage, "exitMessage");
    }

    public static ProcessingJob created(ProcessingSpec spec, Arn arn, Instant now) {
        return new ProcessingJob(spec, arn, JobState.created(now), Optional.empty());
    }

    public ProcessingJob with(JobState next) {
        return new ProcessingJob(spec, arn, next, exitMessage);
    }

    public ProcessingJob withExitMessage(Optional<String> message) {
        return new ProcessingJob(spec, arn, state, message);
    }

    @Override
    public String name() {
        return spec.jobName();
    }
}
