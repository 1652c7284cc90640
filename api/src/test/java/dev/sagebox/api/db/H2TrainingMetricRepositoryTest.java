package dev.sagebox.api.db;

import dev.sagebox.scheduler.TrainingMetricRepository;
import dev.sagebox.scheduler.TrainingMetricRepositoryContract;
import org.junit.jupiter.api.AfterEach;

/** The H2 time series held to the same contract as the scheduler's in-memory double. */
class H2TrainingMetricRepositoryTest extends TrainingMetricRepositoryContract {
    final Database db = Database.inMemory("metrics-" + System.nanoTime());

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected TrainingMetricRepository repository() {
        return new H2TrainingMetricRepository(db);
    }
}
