package dev.sagebox.core;

import java.util.Objects;

/** A resource tag. */
public record Tag(String key, String value) {
    public Tag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
