package dev.sagebox.storage;

import java.io.IOException;

/** An archive entry that extraction refuses because it would write or point outside the target directory. */
public final class UnsafeArchiveException extends IOException {
    private final String entryName;

    public UnsafeArchiveException(String entryName, String reason) {
        super("Unsafe entry \"" + entryName + "\" in archive: " + reason);
        this.entryName = entryName;
    }

    /** The entry's name exactly as stored in the archive. */
    public String entryName() {
        return entryName;
    }
}
