package dev.sagebox.api.db;

import dev.sagebox.hosting.NotebookInstanceRepository;
import dev.sagebox.hosting.NotebookInstanceRepositoryContract;
import org.junit.jupiter.api.AfterEach;

/** The H2 notebook instance store held to the same contract as the hosting module's in-memory double. */
class H2NotebookInstanceRepositoryTest extends NotebookInstanceRepositoryContract {
    final Database db = Database.inMemory("notebooks-" + System.nanoTime());

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected NotebookInstanceRepository repository() {
        return new H2NotebookInstanceRepository(db, new DocumentCodec());
    }
}
