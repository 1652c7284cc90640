package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** Where tuning jobs are recorded. */
public interface HyperParameterTuningJobRepository extends ResourceRepository<HyperParameterTuningJob> {
    /** Jobs InProgress or Stopping, which a restarted server picks back up. */
    List<HyperParameterTuningJob> unfinished();
}
