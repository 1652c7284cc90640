package dev.sagebox.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read through a buffer of {@value #READ_BUFFER} bytes. OkHttp, under the MinIO
 * client, reads a response body one 8 KiB Okio segment per {@code read(2)}: about 131,000 system calls per GiB, which
 * made a GET from the embedded S3 server noticeably slower than the AWS SDK's (measured by bench/training, 4c). Behind
 * this buffer each {@code read(2)} takes whatever the kernel has queued, up to the buffer's size, and OkHttp's small
 * reads become copies. The buffer is a {@link ResponseInput}, which also knows where a response's body starts, so
 * that the rest of a body can be spliced into a pipe. Memory: one buffer per open connection, allocated on its first
 * read.
 */
final class ReadBufferedSocketFactory extends SocketFactory {
    static final int READ_BUFFER = 256 * 1024;

    private final int readTimeoutMillis;

    /**
     * @param readTimeout how long one read may wait for data: the sockets keep it even when their user sets no
     *     timeout (0), so the HTTP client can leave timing reads to the kernel
     */
    ReadBufferedSocketFactory(Duration readTimeout) {
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("readTimeout must be between 1 ms and Integer.MAX_VALUE ms, was "
                    + readTimeout);
        }
        this.readTimeoutMillis = (int) readTimeout.toMillis();
    }

    /** OkHttp asks for an unconnected socket and connects it itself (with its connect timeout). */
    @Override
    public Socket createSocket() {
        return new ReadBufferedSocket(readTimeoutMillis);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
    }

    private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket socket = new ReadBufferedSocket(readTimeoutMillis);
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Every caller of {@link #getInputStream} gets the same buffered stream, so no buffered byte is ever skipped; a
     * read timeout of 0 (wait forever) becomes the factory's.
     */
    static final class ReadBufferedSocket extends Socket {
        private final int readTimeoutMillis;
        private ResponseInput in;

        ReadBufferedSocket(int readTimeoutMillis) {
            this.readTimeoutMillis = readTimeoutMillis;
            try {
                super.setSoTimeout(readTimeoutMillis);
            } catch (SocketException e) {
                throw new IllegalStateException("a new socket refused SO_TIMEOUT", e);
            }
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            super.setSoTimeout(timeout == 0 ? readTimeoutMillis : timeout);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return responseInput();
        }

        synchronized ResponseInput responseInput() throws IOException {
            if (in == null) {
                in = new ResponseInput(super.getInputStream(), READ_BUFFER);
            }
            return in;
        }
    }
}
