package dev.sagebox.hosting.transform;

import dev.sagebox.core.Arn;
import dev.sagebox.core.JobState;
import dev.sagebox.core.Resource;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A transform job as DescribeTransformJob reports it. */
public record TransformJob(TransformSpec spec, Arn arn, JobState state) implements Resource {
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

    @Override
    public Instant creationTime() {
        return state.creationTime();
    }

    @Override
    public Instant lastModifiedTime() {
        return state.lastModifiedTime();
    }

    @Override
    public Optional<String> statusName() {
        return Optional.of(state.status().wireName());
    }
}
