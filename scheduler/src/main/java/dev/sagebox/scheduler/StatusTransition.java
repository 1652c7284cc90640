package dev.sagebox.scheduler;

import dev.sagebox.core.SecondaryStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One entry of SecondaryStatusTransitions. */
public record StatusTransition(SecondaryStatus status, Instant startTime, Optional<Instant> endTime, String statusMessage) {
    public StatusTransition {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(statusMessage, "statusMessage");
    }

    StatusTransition endedAt(Instant time) {
        return endTime.isPresent() ? this : new StatusTransition(status, startTime, Optional.of(time), statusMessage);
    }
}
