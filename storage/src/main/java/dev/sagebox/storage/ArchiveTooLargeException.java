package dev.sagebox.storage;

import java.io.IOException;

/**
 * An archive whose files add up to more than extraction may write. Raised before the entry that would cross the limit
 * is written, so at most {@code limitBytes} ever reach the disk.
 */
public final class ArchiveTooLargeException extends IOException {
    private final long limitBytes;

    public ArchiveTooLargeException(String entryName, long limitBytes) {
        super("the archive expands to more than " + limitBytes + " bytes (at entry \"" + entryName + "\")");
        this.limitBytes = limitBytes;
    }

    /** How many bytes extraction was allowed to write. */
    public long limitBytes() {
        return limitBytes;
    }
}
