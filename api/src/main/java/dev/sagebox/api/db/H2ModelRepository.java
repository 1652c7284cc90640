package dev.sagebox.api.db;

import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.ModelRepository;

/** Models in the shared resource table. */
public final class H2ModelRepository extends H2ResourceTable<Model> implements ModelRepository {
    public H2ModelRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.MODEL, Model.class, codec);
    }
}
