package dev.sagebox.hosting.transform;

import dev.sagebox.core.WireNamed;
import java.util.Optional;

/** How a batch transform input object is cut into records (TransformInput.SplitType). */
public enum SplitType implements WireNamed {
    NONE("None"),
    LINE("Line"),
    RECORD_IO("RecordIO"),
    TF_RECORD("TFRecord");

    private final String wireName;

    SplitType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The constant spelled {@code wire} on the wire, if any. */
    public static Optional<SplitType> fromWire(String wire) {
        return WireNamed.fromWire(SplitType.class, wire);
    }
}
