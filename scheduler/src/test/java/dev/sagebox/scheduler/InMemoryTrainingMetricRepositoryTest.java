package dev.sagebox.scheduler;

class InMemoryTrainingMetricRepositoryTest extends TrainingMetricRepositoryContract {
    @Override
    protected TrainingMetricRepository repository() {
        return new InMemoryTrainingMetricRepository();
    }
}
