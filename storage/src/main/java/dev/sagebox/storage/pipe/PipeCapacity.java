package dev.sagebox.storage.pipe;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel buffer of a Linux pipe, set with {@code fcntl(F_SETPIPE_SZ)} through JNA (the JDK has no call for it).
 * A pipe holds 64 KiB by default, so a reader of 1 MiB blocks is woken about 16 times per block and the writer
 * stalls in between; a buffer as large as the writes lets each write land in one piece.
 */
final class PipeCapacity {
    static final int UNKNOWN = -1;

    private static final Logger LOG = LoggerFactory.getLogger(PipeCapacity.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private PipeCapacity() {
    }

    /**
     * Asks for at least {@code bytes} of buffer in the pipe whose end this process holds open as {@code fd}. Call it
     * once both ends are open (the size belongs to the pipe, which lives while any end is open).
     *
     * @return the pipe's buffer size afterwards (the kernel rounds up to whole pages), or {@link #UNKNOWN} when it
     *     could not be set; a failure is logged once per JVM and is otherwise harmless (the pipe keeps its size)
     */
    static int enlarge(int fd, int bytes) {
        if (!LibC.available()) {
            warnOnce("libc is not available through JNA");
            return UNKNOWN;
        }
        if (LibC.fcntl(fd, LibC.F_SETPIPE_SZ, bytes) < 0) {
            // EPERM: above /proc/sys/fs/pipe-max-size without CAP_SYS_RESOURCE, or over the user's pipe quota.
            warnOnce("fcntl(F_SETPIPE_SZ, " + bytes + ") failed (errno " + LibC.errno() + ")");
            return UNKNOWN;
        }
        int size = LibC.fcntl(fd, LibC.F_GETPIPE_SZ, 0);
        return size < 0 ? UNKNOWN : size;
    }

    private static void warnOnce(String what) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Pipe-mode FIFOs keep the kernel's default 64 KiB buffer, which slows streaming: {}", what);
        }
    }
}
