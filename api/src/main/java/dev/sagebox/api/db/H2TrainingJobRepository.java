package dev.sagebox.api.db;

import dev.sagebox.core.ResourceType;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.scheduler.TrainingJob;
import dev.sagebox.scheduler.TrainingJobRepository;
import java.util.List;

/** Training jobs in the shared resource table. */
public final class H2TrainingJobRepository extends H2ResourceTable<TrainingJob> implements TrainingJobRepository {
    public H2TrainingJobRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.TRAINING_JOB, TrainingJob.class, codec);
    }

    @Override
    public List<TrainingJob> unfinished() {
        return withStatus(List.of(TrainingJobStatus.IN_PROGRESS.wireName(), TrainingJobStatus.STOPPING.wireName()));
    }
}
