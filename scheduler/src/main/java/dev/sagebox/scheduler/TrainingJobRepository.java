package dev.sagebox.scheduler;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** The record store of training jobs. */
public interface TrainingJobRepository extends ResourceRepository<TrainingJob> {
    /** Jobs that had not ended when the server last stopped: InProgress or Stopping. */
    List<TrainingJob> unfinished();
}
