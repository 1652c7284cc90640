package dev.sagebox.scheduler.processing;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** Where processing jobs are recorded. */
public interface ProcessingJobRepository extends ResourceRepository<ProcessingJob> {
    /** Jobs InProgress or Stopping, which a restarted server picks back up. */
    List<ProcessingJob> unfinished();
}
