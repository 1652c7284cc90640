package dev.sagebox.scheduler;

class InMemoryTrainingJobRepositoryTest extends TrainingJobRepositoryContract {
    @Override
    protected TrainingJobRepository repository() {
        return new InMemoryTrainingJobRepository();
    }
}
