package dev.sagebox.hosting;

import dev.sagebox.core.ResourceRepository;
import java.util.List;

/** The record store of endpoints. */
public interface EndpointRepository extends ResourceRepository<Endpoint> {
    /** Endpoints whose containers Sagebox must look after at start-up: every status but Failed. */
    List<Endpoint> toRecover();
}
