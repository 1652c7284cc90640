package dev.sagebox.api.db;

import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ResourceType;
import dev.sagebox.scheduler.processing.ProcessingJob;
import dev.sagebox.scheduler.processing.ProcessingJobRepository;
import java.util.List;

/** Processing jobs in the shared resource table. */
public final class H2ProcessingJobRepository extends H2ResourceTable<ProcessingJob> implements ProcessingJobRepository {
    public H2ProcessingJobRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.PROCESSING_JOB, ProcessingJob.class, codec);
    }

    @Override
    public List<ProcessingJob> unfinished() {
        return withStatus(List.of(JobStatus.IN_PROGRESS.wireName(), JobStatus.STOPPING.wireName()));
    }
}
