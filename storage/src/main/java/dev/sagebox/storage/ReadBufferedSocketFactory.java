package dev.sagebox.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read through a buffer of {@value #READ_BUFFER} bytes. OkHttp, under the MinIO
 * client, reads a response body one 8 KiB Okio segment per {@code read(2)}: about 131,000 system calls per GiB, which
 * made a GET from the embedded S3 server noticeably slower than the AWS SDK's (measured by bench/training, 4c). Behind
 * this buffer each {@code read(2)} takes whatever the kernel has queued, up to the buffer's size, and OkHttp's small
 * reads become copies. Memory: one buffer per open connection, allocated on its first read.
 */
final class ReadBufferedSocketFactory extends SocketFactory {
    static final int READ_BUFFER = 256 * 1024;

    /** OkHttp asks for an unconnected socket and connects it itself (with its connect timeout). */
    @Override
    public Socket createSocket() {
        return new ReadBufferedSocket();
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

    private static Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket socket = new ReadBufferedSocket();
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

    /** Every caller of {@link #getInputStream} gets the same buffered stream, so no buffered byte is ever skipped. */
    private static final class ReadBufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), READ_BUFFER);
            }
            return in;
        }
    }
}
