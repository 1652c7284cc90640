package dev.sagebox.hosting.transform;

import dev.sagebox.core.Arn;
import dev.sagebox.core.JobState;
import dev.sagebox.core.StatefulJob;
import java.time.Instant;
import java.util.Objects;

/** A transform job as DescribeTransformJob reports it. */
public record TransformJob(TransformSpec spec, Arn arn, JobState state) implements StatefulJob {
    public TransformJob {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(state, "state");
    }

    public static TransformJob created(TransformSpec spec, Arn arn, Instant now) {
        return new TransformJob(spec, arn, JobState.created(now));
    }

    public TransformJob with(JobState next) {
        return new TransformJob(spec, arn, next);
    }

    @Override
    public String name() {
        return spec.jobName();
    }
}
