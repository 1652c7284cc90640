package dev.sagebox.hosting.transform;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** Where transform jobs are recorded. */
public interface TransformJobRepository extends ResourceRepository<TransformJob> {
    /** Jobs InProgress or Stopping, which a restarted server picks back up. */
    List<TransformJob> unfinished();
}
