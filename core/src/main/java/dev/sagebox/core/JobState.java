package dev.sagebox.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a processing or transform job stands: its status (moved only along {@link JobStatus}'s table), failure
 * reason and times.
 *
 * @param startTime when its containers started (ProcessingStartTime, TransformStartTime)
 * @param endTime when it reached a terminal status (ProcessingEndTime, TransformEndTime)
 */
public record JobState(JobStatus status, Optional<String> failureReason, Instant creationTime,
        Optional<Instant> startTime, Optional<Instant> endTime, Instant lastModifiedTime) {
    public JobState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
    }

    /** A job just created: InProgress. */
    public static JobState created(Instant now) {
        return new JobState(JobStatus.IN_PROGRESS, Optional.empty(), now, Optional.empty(), Optional.empty(), now);
    }

    /** Its containers started now (kept from the first start). */
    public JobState started(Instant now) {
        return new JobState(status, failureReason, creationTime, startTime.or(() -> Optional.of(now)), endTime, now);
    }

    /** Moves the status along the table; a terminal status sets the end time. */
    public JobState moved(JobStatus next, Optional<String> reason, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("a job cannot move from " + status + " to " + next);
        }
        return new JobState(next, reason, creationTime, startTime, next.isTerminal() ? Optional.of(now) : endTime,
                now);
    }
}
