package dev.sagebox.api.db;

import dev.sagebox.scheduler.TrainingJobRepository;
import dev.sagebox.scheduler.TrainingJobRepositoryContract;
import org.junit.jupiter.api.AfterEach;

/** The H2 training job store held to the same contract as the scheduler's in-memory double. */
class H2TrainingJobRepositoryTest extends TrainingJobRepositoryContract {
    final Database db = Database.inMemory("training-jobs-" + System.nanoTime());

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected TrainingJobRepository repository() {
        return new H2TrainingJobRepository(db, new DocumentCodec());
    }
}
