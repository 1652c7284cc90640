package dev.sagebox.api.db;

import dev.sagebox.core.JobStatus;
import dev.sagebox.core.ResourceType;
import dev.sagebox.scheduler.tuning.HyperParameterTuningJob;
import dev.sagebox.scheduler.tuning.HyperParameterTuningJobRepository;
import java.util.List;

/** Hyperparameter tuning jobs in the shared resource table. */
public final class H2HyperParameterTuningJobRepository extends H2ResourceTable<HyperParameterTuningJob>
        implements HyperParameterTuningJobRepository {
    public H2HyperParameterTuningJobRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.HYPER_PARAMETER_TUNING_JOB, HyperParameterTuningJob.class, codec);
    }

    @Override
    public List<HyperParameterTuningJob> unfinished() {
        return withStatus(List.of(JobStatus.IN_PROGRESS.wireName(), JobStatus.STOPPING.wireName()));
    }
}
