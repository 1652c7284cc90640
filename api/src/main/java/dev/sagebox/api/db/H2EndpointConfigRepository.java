package dev.sagebox.api.db;

import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.EndpointConfig;
import dev.sagebox.hosting.EndpointConfigRepository;

/** EndpointConfigs in the shared resource table. */
public final class H2EndpointConfigRepository extends H2ResourceTable<EndpointConfig> implements EndpointConfigRepository {
    public H2EndpointConfigRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.ENDPOINT_CONFIG, EndpointConfig.class, codec);
    }
}
