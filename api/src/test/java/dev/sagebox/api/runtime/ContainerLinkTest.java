package dev.sagebox.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lane's connection to a container reads every framing a model server may answer with, over a real socket: a
 * {@code Content-Length}, chunks (with an extension and a trailer), the end of the stream, an interim 100 first; an
 * answer over 6 MiB is refused, and only a connection that can carry another request goes back to the pool.
 */
class ContainerLinkTest {
    private final LaneLoop loop = new LaneLoop("lane-test");
    private ServerSocket container;

    @BeforeEach
    void start() throws IOException {
        loop.start();
        container = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        container.close();
        loop.close();
    }

    @Test
    void aContentLengthAnswerIsReadAndTheConnectionPooled() throws Exception {
        Outcome outcome = exchange("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nX-Amzn-SageMaker-Custom-Attributes: a=1\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertThat(outcome.text()).isEqualTo("200 text/csv a=1 hello");
        assertThat(idleConnections()).isEqualTo(1);
    }

    @Test
    void aChunkedAnswerIsJoined() throws Exception {
        Outcome outcome = exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertThat(outcome.text()).isEqualTo("200 null null abcdefg");
        assertThat(idleConnections()).isEqualTo(1);
    }

    @Test
    void anAnswerToTheEndOfTheStreamIsReadAndTheConnectionClosed() throws Exception {
        Outcome outcome = exchange("HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such thing");
        assertThat(outcome.text()).isEqualTo("404 text/plain null no such thing");
        assertThat(idleConnections()).isZero();
    }

    @Test
    void anInterimAnswerIsSkipped() throws Exception {
        Outcome outcome = exchange("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok");
        assertThat(outcome.text()).isEqualTo("200 null null ok");
        assertThat(idleConnections()).isZero();
    }

    @Test
    void anAnswerOverTheLimitIsRefused() throws Exception {
        Outcome outcome = exchange("HTTP/1.1 200 OK\r\nContent-Length: " + (7 * 1024 * 1024) + "\r\n\r\nxx");
        assertThat(outcome.text()).isEqualTo("too large 200");
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerBreaks() throws Exception {
        Outcome outcome = exchange("");
        assertThat(outcome.text()).startsWith("broke stale=false");
    }

    /** The test's container answers one request with {@code answer}, then closes. */
    private Outcome exchange(String answer) throws Exception {
        Thread server = new Thread(() -> {
            try (Socket s = container.accept()) {
                readRequest(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!answer.contains("Content-Length") && !answer.contains("chunked") || answer.contains("close")) {
                    s.shutdownOutput();
                }
                // Holds the connection open until the client is done with it, as a keep-alive server does.
                s.getInputStream().read();
            } catch (IOException e) {
                // the test reads what the link made of it
            }
        });
        server.setDaemon(true);
        server.start();
        Outcome outcome = new Outcome();
        URI address = URI.create("http://127.0.0.1:" + container.getLocalPort());
        loop.execute(() -> ContainerLink.open(loop, address, outcome));
        outcome.result.get(10, TimeUnit.SECONDS);
        return outcome;
    }

    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        in.readNBytes(4); // the body, "data"
    }

    private int idleConnections() throws Exception {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        loop.execute(() -> count.complete(loop.containers().idleCount()));
        return count.get(10, TimeUnit.SECONDS);
    }

    /** Sends "data" once connected; completes with what the link reported. */
    private static final class Outcome implements ContainerLink.Exchange {
        final CompletableFuture<String> result = new CompletableFuture<>();

        String text() {
            return result.join();
        }

        @Override
        public void connected(ContainerLink link, boolean reused) {
            link.send(this, reused, new ByteBuffer[] {
                ByteBuffer.wrap(("POST /invocations HTTP/1.1\r\nHost: " + link.hostHeader()
                        + "\r\nContent-Length: 4\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                ByteBuffer.wrap("data".getBytes(StandardCharsets.ISO_8859_1))});
        }

        @Override
        public void connectFailed(IOException e) {
            result.complete("connect failed " + e.getMessage());
        }

        @Override
        public void answered(int status, String contentType, String customAttributes, byte[] body) {
            result.complete(status + " " + contentType + " " + customAttributes + " "
                    + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void broke(IOException e, boolean stale) {
            result.complete("broke stale=" + stale + " " + e.getMessage());
        }

        @Override
        public void tooLarge(int status) {
            result.complete("too large " + status);
        }
    }
}
