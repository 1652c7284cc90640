package dev.sagebox.core;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** The record store of one resource type; names are unique case-insensitively (their ARNs are lower-cased). */
public interface ResourceRepository<T extends Resource> {
    /** Stores a new resource; false when one of that name exists already. */
    boolean insertIfAbsent(T resource);

    Optional<T> find(String name);

    Page<T> list(ListQuery query);

    /** Removes the resource; false when there was none. */
    boolean delete(String name);

    /**
     * Replaces the stored resource with {@code change} applied, atomically; empty when the resource is gone. A change
     * that throws leaves the record untouched.
     */
    Optional<T> update(String name, UnaryOperator<T> change);
}
