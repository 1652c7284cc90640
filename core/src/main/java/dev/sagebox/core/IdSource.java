package dev.sagebox.core;

import java.util.UUID;

/** Where new opaque ids (request ids, instance ids) come from; injected so tests can fix them. */
@FunctionalInterface
public interface IdSource {
    String newId();

    static IdSource random() {
        return () -> UUID.randomUUID().toString();
    }
}
