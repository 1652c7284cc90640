package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.pipe.PipeSink;
import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ForkJoinPool;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object bodies handed to a {@link PipeSink} (a real FIFO here) from the embedded S3 server: the kernel moves what
 * the HTTP client has not buffered yet, and the reader gets every byte exactly once, in order.
 */
class SpliceIntoPipeTest {
    private static final int SIZE = 5 * 1024 * 1024 + 123;

    @TempDir static Path baseDir;
    @TempDir Path tmp;

    private static EmbeddedS3Server server;
    private static MinioObjectStore store;
    private static byte[] data;
    private static final java.util.concurrent.Executor READERS = ForkJoinPool.commonPool();
    private static final S3Location OBJECT = new S3Location("splice", "blob.bin");

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, "sagebox", "sagebox-secret-key");
        store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true));
        store.createBucketIfAbsent("splice");
        data = new byte[SIZE];
        new Random(11).nextBytes(data);
        store.upload(new ByteArrayInputStream(data), data.length, OBJECT);
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    void aWholeBodyReachesThePipeMostlyMovedByTheKernel() throws Exception {
        try (FifoSink<byte[]> sink = FifoSink.open(tmp.resolve("whole"), FifoSink::allBytes, READERS)) {
            long sent;
            try (ObjectBody body = store.open(OBJECT, 0)) {
                sent = body.transferTo(sink);
            }
            byte[] received = sink.closeAndReceived();

            assertThat(sent).isEqualTo(SIZE);
            assertThat(received).isEqualTo(data);
            assertThat(sink.moved()).isGreaterThan(SIZE / 2);
        }
    }

    @Test
    void readsBeforeTheTransferAndAnOffsetAreHonoured() throws Exception {
        try (FifoSink<byte[]> sink = FifoSink.open(tmp.resolve("partial"), FifoSink::allBytes, READERS)) {
            byte[] first;
            try (ObjectBody body = store.open(OBJECT, 1000)) {
                first = body.readNBytes(70_000);
                body.transferTo(sink);
            }
            byte[] rest = sink.closeAndReceived();

            assertThat(first).isEqualTo(Arrays.copyOfRange(data, 1000, 71_000));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(data, 71_000, SIZE));
            assertThat(sink.moved()).isPositive();
        }
    }

    @Test
    void theConnectionIsNotReusedAfterASpliceAndTheNextGetIsWhole() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (FifoSink<byte[]> sink = FifoSink.open(tmp.resolve("again-" + i), FifoSink::allBytes, READERS)) {
                try (ObjectBody body = store.open(OBJECT, 0)) {
                    body.transferTo(sink);
                }
                assertThat(sink.closeAndReceived()).isEqualTo(data);
            }
            try (InputStream plain = store.open(OBJECT)) {
                assertThat(plain.readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void aReaderThatClosesEarlyIsReportedAsTheSinksEnd() throws Exception {
        Path fifo = tmp.resolve("early");
        FifoSink.mkfifo(fifo);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                // Not readNBytes: on JDK 17 it fails on a FIFO with "Illegal seek".
                return in.read(new byte[4096]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (FifoSink<Void> sink = FifoSink.openWriter(fifo); ObjectBody body = store.open(OBJECT, 0)) {
            assertThatThrownBy(() -> body.transferTo(sink)).isInstanceOf(IOException.class);
            assertThat(reader.join()).isPositive();
        }
    }
}
