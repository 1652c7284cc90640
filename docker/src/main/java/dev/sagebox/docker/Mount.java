package dev.sagebox.docker;

import java.util.Objects;

/**
 * A host directory ({@code BIND}) or named volume ({@code VOLUME}) mounted into a container.
 *
 * @param source host path for a bind, volume name for a volume
 */
public record Mount(Kind kind, String source, String target, boolean readOnly) {
    /** What {@code source} names. */
    public enum Kind {
        BIND,
        VOLUME
    }

    public Mount {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    public static Mount bind(String hostPath, String target, boolean readOnly) {
        return new Mount(Kind.BIND, hostPath, target, readOnly);
    }

    public static Mount volume(String name, String target) {
        return new Mount(Kind.VOLUME, name, target, false);
    }

    public static Mount readOnlyVolume(String name, String target) {
        return new Mount(Kind.VOLUME, name, target, true);
    }
}
