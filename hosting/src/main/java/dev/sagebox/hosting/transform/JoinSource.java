package dev.sagebox.hosting.transform;

import dev.sagebox.core.WireNamed;
import java.util.Optional;

/** Whether each output is joined with its input record (DataProcessing.JoinSource). */
public enum JoinSource implements WireNamed {
    NONE("None"),
    INPUT("Input");

    private final String wireName;

    JoinSource(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The constant spelled {@code wire} on the wire, if any. */
    public static Optional<JoinSource> fromWire(String wire) {
        return WireNamed.fromWire(JoinSource.class, wire);
    }
}
