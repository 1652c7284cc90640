package dev.sagebox.hosting.transform;

import dev.sagebox.core.WireNamed;
import java.util.Optional;

/** How many records one request to /invocations carries (CreateTransformJob.BatchStrategy). */
public enum BatchStrategy implements WireNamed {
    SINGLE_RECORD("SingleRecord"),
    MULTI_RECORD("MultiRecord");

    private final String wireName;

    BatchStrategy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The constant spelled {@code wire} on the wire, if any. */
    public static Optional<BatchStrategy> fromWire(String wire) {
        return WireNamed.fromWire(BatchStrategy.class, wire);
    }
}
