package dev.sagebox.core;

import java.time.Instant;
import java.util.Optional;

/** A processing, transform or tuning job: a resource whose times and status are those of its {@link JobState}. */
public interface StatefulJob extends Resource {
    JobState state();

    @Override
    default Instant creationTime() {
        return state().creationTime();
    }

    @Override
    default Instant lastModifiedTime() {
        return state().lastModifiedTime();
    }

    @Override
    default Optional<String> statusName() {
        return Optional.of(state().status().wireName());
    }
}
