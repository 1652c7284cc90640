package dev.sagebox.docker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
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
    // <fcntl.h> on Linux, every architecture.
    private static final int O_WRONLY = 01;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int ENXIO = 6;
    private static final int F_GETPIPE_SZ = 1032;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private PipeCapacity() {
    }

    /** libc, bound on first use; methods throw {@link LastErrorException} (with errno) when they return -1. */
    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int fcntl(int fd, int command, int argument) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Holder idiom: JNA is loaded (and its native stub unpacked) only when a pipe is first enlarged. */
    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** Loads JNA now, so that the first pipe does not pay for it while the algorithm waits for its first byte. */
    static void prepare() {
        if (Platform.isLinux()) {
            try {
                Holder.LIBC.getClass();
            } catch (LinkageError e) {
                warnOnce("JNA could not be loaded", e);
            }
        }
    }

    /**
     * Asks for at least {@code bytes} of buffer in the FIFO at {@code fifo}, which must already be open for reading
     * and writing (the size belongs to the pipe, which lives while any end is open): the FIFO is opened once more,
     * without blocking, the size is set through that descriptor, and the descriptor is closed again.
     *
     * @return the pipe's buffer size afterwards (the kernel rounds up to whole pages), or {@link #UNKNOWN} when it
     *     could not be set; a failure is logged once per JVM and is otherwise harmless (the pipe keeps its size)
     */
    static int enlarge(Path fifo, int bytes) {
        if (!Platform.isLinux()) {
            return UNKNOWN;
        }
        try {
            LibC libc = Holder.LIBC;
            // Non-blocking, so this never waits for a reader (it fails with ENXIO when none is left).
            int fd = libc.open(fifo.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            try {
                libc.fcntl(fd, F_SETPIPE_SZ, bytes);
                return libc.fcntl(fd, F_GETPIPE_SZ, 0);
            } finally {
                libc.close(fd);
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return UNKNOWN; // The reader has already closed its end: nothing is left to speed up.
            }
            // EPERM: above /proc/sys/fs/pipe-max-size without CAP_SYS_RESOURCE, or over the user's pipe quota.
            warnOnce("fcntl(F_SETPIPE_SZ, " + bytes + ") on " + fifo + " failed (errno " + e.getErrorCode() + ")", e);
            return UNKNOWN;
        } catch (LinkageError e) {
            warnOnce("JNA could not be loaded", e);
            return UNKNOWN;
        }
    }

    private static void warnOnce(String what, Throwable cause) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Pipe-mode FIFOs keep the kernel's default 64 KiB buffer, which slows streaming: {} ({})", what,
                    cause.toString());
        }
    }
}
