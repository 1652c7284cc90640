package dev.sagebox.hosting.transform;

import dev.sagebox.core.WireNamed;
import java.util.Optional;

/** How the outputs of one object's records are put together (TransformOutput.AssembleWith). */
public enum AssemblyType implements WireNamed {
    NONE("None"),
    LINE("Line");

    private final String wireName;

    AssemblyType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The constant spelled {@code wire} on the wire, if any. */
    public static Optional<AssemblyType> fromWire(String wire) {
        return WireNamed.fromWire(AssemblyType.class, wire);
    }
}
