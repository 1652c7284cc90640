package dev.sagebox.hosting;

import dev.sagebox.core.ResourceRepository;

/** The record store of endpoint configurations. */
public interface EndpointConfigRepository extends ResourceRepository<EndpointConfig> {
}
