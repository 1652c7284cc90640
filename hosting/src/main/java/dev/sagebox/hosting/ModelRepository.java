package dev.sagebox.hosting;

import dev.sagebox.core.ResourceRepository;

/** The record store of models. */
public interface ModelRepository extends ResourceRepository<Model> {
}
