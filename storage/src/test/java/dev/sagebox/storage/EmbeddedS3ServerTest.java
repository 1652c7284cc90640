package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3ServerTest {
    private static final String ACCESS_KEY = "sagebox";
    private static final String SECRET_KEY = "sagebox-secret-key";

    @TempDir Path baseDir;

    @Test
    void reportsTheActualPortOfEveryAddressAndSharesOneStore() throws IOException {
        // Every 127.x.y.z address is loopback on Linux, which stands in for the Docker bridge gateway here.
        try (EmbeddedS3Server server =
                EmbeddedS3Server.start(baseDir, List.of("127.0.0.1", "127.0.0.2"), 0, ACCESS_KEY, SECRET_KEY)) {
            assertThat(server.endpoints()).hasSize(2);
            assertThat(server.endpoint()).isEqualTo(server.endpoints().get(0));
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(server.endpoints().get(1).getHost()).isEqualTo("127.0.0.2");
            assertThat(server.endpoint().getPort()).isPositive();
            assertThat(server.endpoints().get(1).getPort()).isEqualTo(server.endpoint().getPort());

            try (MinioObjectStore first = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true));
                    MinioObjectStore second = new MinioObjectStore(
                            new S3Settings(server.endpoints().get(1), ACCESS_KEY, SECRET_KEY, "us-east-1"), SocketToPipe.of(true))) {
                first.createBucketIfAbsent("shared");
                first.upload(stream("via the first address"), 21, new S3Location("shared", "k"));

                assertThat(read(second, new S3Location("shared", "k"))).isEqualTo("via the first address");
            }
        }
    }

    @Test
    void keepsDataAcrossRestartsInTheBaseDirectory() throws IOException {
        try (EmbeddedS3Server server = start();
                MinioObjectStore store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true))) {
            store.createBucketIfAbsent("durable");
            store.upload(stream("still here"), 10, new S3Location("durable", "a/b.txt"));
        }
        assertThat(baseDir.resolve("durable/a/b.txt")).hasContent("still here");

        try (EmbeddedS3Server server = start();
                MinioObjectStore store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true))) {
            assertThat(read(store, new S3Location("durable", "a/b.txt"))).isEqualTo("still here");
        }
    }

    @Test
    void refusesABusyPortClearly() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedS3Server.start(
                            baseDir, List.of("127.0.0.1"), busy.getLocalPort(), ACCESS_KEY, SECRET_KEY))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot start the embedded S3 server on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void validatesItsArguments() {
        assertThatThrownBy(() -> EmbeddedS3Server.start(baseDir, List.of(), 0, ACCESS_KEY, SECRET_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 70000, ACCESS_KEY, SECRET_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, " ", SECRET_KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTwiceIsHarmless() {
        EmbeddedS3Server server = start();
        server.close();
        server.close();
    }

    private EmbeddedS3Server start() {
        return EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, ACCESS_KEY, SECRET_KEY);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(ObjectStore store, S3Location where) throws IOException {
        try (InputStream in = store.open(where)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
