package dev.sagebox.core;

import java.util.Arrays;
import java.util.Optional;

/** An enum whose values travel on the wire under a SageMaker spelling. */
public interface WireNamed {
    String wireName();

    /** The constant of {@code type} spelled {@code wire} on the wire, if any. */
    static <E extends Enum<E> & WireNamed> Optional<E> fromWire(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wireName().equals(wire)).findFirst();
    }
}
