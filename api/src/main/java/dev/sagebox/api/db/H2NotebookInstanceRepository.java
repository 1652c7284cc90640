package dev.sagebox.api.db;

import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.NotebookInstanceRepository;

/** Notebook instances in the shared resource table. */
public final class H2NotebookInstanceRepository extends H2ResourceTable<NotebookInstance>
        implements NotebookInstanceRepository {
    public H2NotebookInstanceRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.NOTEBOOK_INSTANCE, NotebookInstance.class, codec);
    }
}
