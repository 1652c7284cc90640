package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Unauthenticated clients that declare a body and then stall (issue 16, item 3), half on the control plane and half on
 * InvokeEndpoint, must not hold the threads the control plane answers on, and the server closes them once the body
 * read timeout passes.
 */
@Tag("security")
class SlowClientsTest {
    private static final int SLOW_CLIENTS = 150;
    /** Longer than the clients' own timeout, so a server that merely times the stalls out still fails the test. */
    private static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(12);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(8);
    private static final String CONTROL_PLANE = "POST / HTTP/1.1\r\nX-Amz-Target: SageMaker.ListModels\r\n";
    private static final String INVOKE_ENDPOINT = "POST /endpoints/ep/invocations HTTP/1.1\r\n";

    @TempDir
    Path home;

    @Test
    void stalledBodiesLeaveListModelsAndHealthAnsweringAndAreClosedByTheReadTimeout() throws Exception {
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home))
                .inMemoryDatabase().containerEngine(new FakeContainerEngine()).bodyReadTimeout(BODY_READ_TIMEOUT))) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    stalled.add(stall(sagebox.server.port(), i % 2 == 0 ? CONTROL_PLANE : INVOKE_ENDPOINT));
                }
                try (SageMakerClient sm = SageMakerClient.builder()
                        .endpointOverride(sagebox.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                sagebox.server.config().accessKey(), sagebox.server.config().secretKey())))
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(c -> c.apiCallTimeout(CLIENT_TIMEOUT)
                                .retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                        .build()) {
                    assertThat(sm.listModels(r -> { }).models()).isEmpty();
                }
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(sagebox.endpoint() + "/_sagebox/health"))
                                .timeout(CLIENT_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"ready\"");

                for (Socket socket : stalled) {
                    assertThat(closedByServer(socket)).as("a stalled upload is closed by the server").isTrue();
                }
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    /** A connection that sends a request's headers and one byte of its declared 1,000-byte body. */
    private static Socket stall(int port, String requestLine) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        // Generous: the server's read timeout, not this one, must end the wait.
        socket.setSoTimeout((int) BODY_READ_TIMEOUT.multipliedBy(4).toMillis());
        OutputStream out = socket.getOutputStream();
        out.write((requestLine + "Host: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "Content-Length: 1000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Waits for the server to end the connection: end of stream or a reset, after any error response it sends. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) != -1) {
                // an error response may come first; the connection must still end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
