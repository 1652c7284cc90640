package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sockets under the S3 client: buffered reads, and a read timeout that a "no timeout" cannot switch off. */
class ReadBufferedSocketFactoryTest {
    @Test
    void aSilentPeerTimesOutEvenWhenTheUserAsksForNoTimeout() throws Exception {
        ReadBufferedSocketFactory factory = new ReadBufferedSocketFactory(Duration.ofMillis(200));
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = factory.createSocket(InetAddress.getLoopbackAddress(), silent.getLocalPort());
                Socket accepted = silent.accept()) {
            // OkHttp sets 0 when its own read timeout is off, as MinioObjectStore configures it.
            socket.setSoTimeout(0);

            assertThat(socket.getSoTimeout()).isEqualTo(200);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anExplicitTimeoutIsKeptAndDataArrivesWhole() throws Exception {
        ReadBufferedSocketFactory factory = new ReadBufferedSocketFactory(Duration.ofMinutes(5));
        byte[] data = new byte[600_000];
        new java.util.Random(3).nextBytes(data);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = factory.createSocket()) {
            socket.connect(server.getLocalSocketAddress());
            socket.setSoTimeout(10_000);
            try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
                out.write(data);
            }
            InputStream in = socket.getInputStream();

            assertThat(socket.getSoTimeout()).isEqualTo(10_000);
            assertThat(in).isSameAs(socket.getInputStream());
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new ReadBufferedSocketFactory(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
