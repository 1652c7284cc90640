package dev.sagebox.docker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the JDK lacks for FIFOs, through JNA. Each throws {@link LastErrorException} (with errno) when
 * the call returns -1. Bound on first use ({@link #get}).
 */
interface LibC extends Library {
    // <fcntl.h> and <errno.h> on Linux, every architecture.
    int O_WRONLY = 01;
    int O_CLOEXEC = 02000000;
    int F_SETPIPE_SZ = 1031;
    int F_GETPIPE_SZ = 1032;
    int EINTR = 4;
    int EPIPE = 32;

    int open(String path, int flags) throws LastErrorException;

    int fcntl(int fd, int command, int argument) throws LastErrorException;

    long write(int fd, Pointer buffer, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** libc, loading JNA (and unpacking its native stub) the first time. */
    static LibC get() {
        return Holder.LIBC;
    }

    /** Holder idiom: nothing is loaded until a FIFO first needs it. */
    final class Holder {
        private static final LibC LIBC = Native.load("c", LibC.class);

        private Holder() {
        }
    }
}
