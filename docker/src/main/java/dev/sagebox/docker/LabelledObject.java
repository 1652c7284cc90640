package dev.sagebox.docker;

import java.util.Map;
import java.util.Objects;

/** A named engine object (network or volume) with its labels. */
public record LabelledObject(String name, Map<String, String> labels) {
    public LabelledObject {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }
}
