package dev.sagebox.api.db;

import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.transform.TransformJob;
import dev.sagebox.hosting.transform.TransformJobRepository;
import java.util.List;

/** Transform jobs in the shared resource table. */
public final class H2TransformJobRepository extends H2ResourceTable<TransformJob> implements TransformJobRepository {
    public H2TransformJobRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.TRANSFORM_JOB, TransformJob.class, codec);
    }

    @Override
    public List<TransformJob> unfinished() {
        return withStatus(List.of(JobStatus.IN_PROGRESS.wireName(), JobStatus.STOPPING.wireName()));
    }
}
