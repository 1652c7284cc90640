package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object's file truncated while a GET serves it (overwritten, deleted, or changed under the store): that GET fails,
 * and the server, in this JVM, goes on serving. A memory-mapped body would have raised SIGBUS past the file's new end.
 */
class TruncatedObjectTest {
    private static final int SIZE = 48 * 1024 * 1024;

    @TempDir Path baseDir;

    @Test
    void aFileTruncatedUnderAGetFailsThatGetAndTheServerServesOn() throws Exception {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, "sagebox",
                        "sagebox-secret-key");
                MinioObjectStore store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.COPY)) {
            store.createBucketIfAbsent("shrinking");
            byte[] data = new byte[SIZE];
            new Random(5).nextBytes(data);
            S3Location big = new S3Location("shrinking", "big.bin");
            S3Location other = new S3Location("shrinking", "other.bin");
            store.upload(new ByteArrayInputStream(data), data.length, big);
            store.upload(new ByteArrayInputStream(data, 0, 1000), 1000, other);
            Path file = fileOf(baseDir, "big.bin");

            try (InputStream body = store.open(big)) {
                assertThat(body.readNBytes(1024 * 1024)).hasSize(1024 * 1024);
                try (FileChannel shrink = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    shrink.truncate(2 * 1024 * 1024);
                }
                // The server has sent at most what the socket buffers hold; the rest is past the file's new end.
                assertThatThrownBy(() -> body.transferTo(OutputStream.nullOutputStream()))
                        .isInstanceOf(IOException.class);
            }

            try (InputStream again = store.open(other)) {
                assertThat(again.readAllBytes()).hasSize(1000);
            }
            try (InputStream shrunk = store.open(big)) {
                assertThat(shrunk.readAllBytes()).hasSize(2 * 1024 * 1024);
            }
        }
    }

    private static Path fileOf(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no file " + name + " under " + dir));
        }
    }
}
