package dev.sagebox.core;

import java.time.Instant;
import java.util.Optional;

/** What every stored SageMaker resource exposes to the record store and the shared list engine. */
public interface Resource {
    String name();

    Arn arn();

    Instant creationTime();

    Instant lastModifiedTime();

    /** The wire name of the resource's status, for resources that have one. */
    Optional<String> statusName();
}
