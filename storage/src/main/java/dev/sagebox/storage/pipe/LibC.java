package dev.sagebox.storage.pipe;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sagebox's one binding of libc, for the calls the JDK lacks around pipes and sockets. Mapped directly (static natives:
 * far cheaper per call than an interface proxy, which matters for calls made per chunk) and registered on first use
 * ({@link #available}). Every call returns -1 on failure and leaves errno in {@link Native#getLastError}.
 */
final class LibC {
    // <fcntl.h>, <poll.h>, <sys/socket.h> and <errno.h> on Linux, every architecture Sagebox runs on.
    static final int O_WRONLY = 01;
    static final int O_CLOEXEC = 02000000;
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;
    static final int SPLICE_F_MOVE = 1;
    static final int SPLICE_F_MORE = 4;
    static final short POLLIN = 1;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVLOWAT = 18;
    static final short AF_INET = 2;
    static final short AF_INET6 = 10;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EPIPE = 32;

    private static final Logger LOG = LoggerFactory.getLogger(LibC.class);

    private LibC() {
    }

    static native int open(String path, int flags);

    static native long write(int fd, Pointer buffer, long count);

    static native int close(int fd);

    static native int fcntl(int fd, int command, int argument);

    static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long length, int flags);

    static native int poll(Pointer fds, long count, int timeoutMillis);

    static native int setsockopt(int fd, int level, int option, Pointer value, int length);

    static native int getsockname(int fd, Pointer address, Pointer length);

    static native int getpeername(int fd, Pointer address, Pointer length);

    /** Whether the calls above can be made (Linux, and JNA loads); registers them, and unpacks JNA, the first time. */
    static boolean available() {
        return Holder.AVAILABLE;
    }

    /** The errno of the calling thread's last failed call. */
    static int errno() {
        return Native.getLastError();
    }

    /** Holder idiom: nothing is loaded until a pipe or a splice first needs it. */
    private static final class Holder {
        static final boolean AVAILABLE = register();

        private Holder() {
        }

        private static boolean register() {
            try {
                if (!Platform.isLinux()) {
                    return false;
                }
                Native.register(LibC.class, "c");
                return true;
            } catch (LinkageError e) {
                LOG.warn("libc cannot be bound through JNA: no FIFO can be written, no body spliced: {}", e.toString());
                return false;
            }
        }
    }
}
