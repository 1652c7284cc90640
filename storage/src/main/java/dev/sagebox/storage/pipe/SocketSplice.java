package dev.sagebox.storage.pipe;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves bytes from a TCP socket into a pipe inside the kernel ({@code splice(2)}, Linux, through JNA): no copy into
 * the JVM and out again. The JDK neither offers the call nor tells a socket's descriptor, so the descriptor is found
 * by asking each socket descriptor of the process for its two ports.
 */
final class SocketSplice implements SocketToPipe {
    static final SocketSplice INSTANCE = new SocketSplice();

    private static final Logger LOG = LoggerFactory.getLogger(SocketSplice.class);
    private static final long CHUNK = 1 << 20;
    private static final int LOW_WATER = 256 * 1024;
    private static final int SOCKADDR_STORAGE = 128;

    private SocketSplice() {
    }

    /**
     * Moves exactly {@code count} bytes from {@code socketFd} into {@code pipeFd}. A full pipe blocks (the reader's
     * pace); a socket without data is waited for up to {@code timeoutMillis} per wait, like a read with that timeout.
     *
     * @param moved told of every chunk moved, so a caller knows how far it got when this throws
     * @throws PipeSink.ReaderGoneException when the pipe has no reader any more
     * @throws IOException when the connection ends, fails or stays silent; some bytes may have been moved
     */
    @Override
    public void move(int socketFd, int pipeFd, long count, int timeoutMillis, LongConsumer moved) throws IOException {
        long left = count;
        try (Memory pollFd = new Memory(8); Memory lowWater = new Memory(4)) {
            while (left > 0) {
                long n = LibC.splice(
                        socketFd, null, pipeFd, null, Math.min(left, CHUNK), LibC.SPLICE_F_MOVE | LibC.SPLICE_F_MORE);
                if (n < 0) {
                    int errno = LibC.errno();
                    switch (errno) {
                        case LibC.EINTR -> {
                            continue;
                        }
                        case LibC.EAGAIN -> {
                            // Wake up for a good part of a chunk, not for every segment that arrives.
                            lowWater.setInt(0, (int) Math.min(left, LOW_WATER));
                            LibC.setsockopt(socketFd, LibC.SOL_SOCKET, LibC.SO_RCVLOWAT, lowWater, 4);
                            awaitReadable(pollFd, socketFd, timeoutMillis);
                            continue;
                        }
                        case LibC.EPIPE -> throw new PipeSink.ReaderGoneException("the pipe's reader closed it");
                        default -> throw new IOException("splice from the S3 connection failed (errno " + errno + ")");
                    }
                }
                if (n == 0) {
                    throw new EOFException("the S3 connection closed with " + left + " bytes of the body unsent");
                }
                left -= n;
                moved.accept(n);
            }
        }
    }

    private static void awaitReadable(Memory pollFd, int fd, int timeoutMillis) throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        int ready = LibC.poll(pollFd, 1, timeoutMillis <= 0 ? -1 : timeoutMillis);
        if (ready < 0 && LibC.errno() != LibC.EINTR) {
            throw new IOException("poll on the S3 connection failed (errno " + LibC.errno() + ")");
        }
        if (ready == 0) {
            throw new SocketTimeoutException("no data from the S3 connection for " + timeoutMillis + " ms");
        }
    }

    /**
     * The descriptor of a connected socket of this process: among the sockets in {@code /proc/self/fd}, the one whose
     * two ends ({@code getsockname}, {@code getpeername}) are the socket's addresses and ports.
     */
    @Override
    public OptionalInt descriptor(Socket socket) {
        if ( !socket.isConnected() || socket.isClosed()) {
            return OptionalInt.empty();
        }
        Endpoint local = new Endpoint(socket.getLocalAddress().getAddress(), socket.getLocalPort());
        Endpoint remote = new Endpoint(socket.getInetAddress().getAddress(), socket.getPort());
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"));
                Memory address = new Memory(SOCKADDR_STORAGE);
                Memory length = new Memory(4)) {
            for (Path entry : fds) {
                int fd;
                try {
                    if (!Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
                        continue;
                    }
                    fd = Integer.parseInt(entry.getFileName().toString());
                } catch (IOException | NumberFormatException closedMeanwhile) {
                    continue;
                }
                if (local.equals(endpoint(LibC::getsockname, fd, address, length))
                        && remote.equals(endpoint(LibC::getpeername, fd, address, length))) {
                    return OptionalInt.of(fd);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot list /proc/self/fd", e);
        }
        return OptionalInt.empty();
    }

    /** An IP address (4 bytes for IPv4, also when the socket holds it IPv4-mapped in IPv6) and a port. */
    private record Endpoint(byte[] address, int port) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Endpoint e && e.port == port && Arrays.equals(e.address, address);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(address) + port;
        }
    }

    private interface AddressCall {
        int call(int fd, Pointer address, Pointer length);
    }

    /** One end of a socket as {@code struct sockaddr_in} or {@code sockaddr_in6} gives it, or null for any other. */
    private static Endpoint endpoint(AddressCall call, int fd, Memory address, Memory length) {
        length.setInt(0, (int) address.size());
        if (call.call(fd, address, length) != 0) {
            return null;
        }
        short family = address.getShort(0);
        // Both keep the port big-endian at offset 2; the address is at 4 (IPv4) or 8 (IPv6).
        int port = ((address.getByte(2) & 0xff) << 8) | (address.getByte(3) & 0xff);
        if (family == LibC.AF_INET) {
            return new Endpoint(address.getByteArray(4, 4), port);
        }
        if (family != LibC.AF_INET6) {
            return null;
        }
        byte[] ip = address.getByteArray(8, 16);
        boolean v4Mapped = ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
        for (int i = 0; v4Mapped && i < 10; i++) {
            v4Mapped = ip[i] == 0;
        }
        return new Endpoint(v4Mapped ? Arrays.copyOfRange(ip, 12, 16) : ip, port);
    }
}
