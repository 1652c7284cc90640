package dev.sagebox.api.db;

import dev.sagebox.core.EndpointStatus;
import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.Endpoint;
import dev.sagebox.hosting.EndpointRepository;
import java.util.Arrays;
import java.util.List;

/** Endpoints in the shared resource table. */
public final class H2EndpointRepository extends H2ResourceTable<Endpoint> implements EndpointRepository {
    public H2EndpointRepository(Database db, DocumentCodec codec) {
        super(db, ResourceType.ENDPOINT, Endpoint.class, codec);
    }

    @Override
    public List<Endpoint> toRecover() {
        return withStatus(Arrays.stream(EndpointStatus.values()).filter(s -> s != EndpointStatus.FAILED)
                .map(EndpointStatus::wireName).toList());
    }
}
