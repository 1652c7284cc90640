package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private static final S3Location OBJECT = new S3Location("splice", "blob.bin");

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, "sagebox", "sagebox-secret-key");
        store = new MinioObjectStore(server.settings("us-east-1"));
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
        try (FifoSink sink = FifoSink.open(tmp.resolve("whole"))) {
            long sent;
            try (InputStream body = store.open(OBJECT)) {
                sent = body.transferTo(sink);
            }
            byte[] received = sink.closeAndReceived();

            assertThat(sent).isEqualTo(SIZE);
            assertThat(received).isEqualTo(data);
            assertThat(sink.moved).isGreaterThan(SIZE / 2);
        }
    }

    @Test
    void readsBeforeTheTransferAndAnOffsetAreHonoured() throws Exception {
        try (FifoSink sink = FifoSink.open(tmp.resolve("partial"))) {
            byte[] first;
            try (InputStream body = store.open(OBJECT, 1000)) {
                first = body.readNBytes(70_000);
                body.transferTo(sink);
            }
            byte[] rest = sink.closeAndReceived();

            assertThat(first).isEqualTo(Arrays.copyOfRange(data, 1000, 71_000));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(data, 71_000, SIZE));
            assertThat(sink.moved).isPositive();
        }
    }

    @Test
    void theConnectionIsNotReusedAfterASpliceAndTheNextGetIsWhole() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (FifoSink sink = FifoSink.open(tmp.resolve("again-" + i))) {
                try (InputStream body = store.open(OBJECT)) {
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
        try (FifoSink sink = FifoSink.openWriter(fifo, null); InputStream body = store.open(OBJECT)) {
            assertThatThrownBy(() -> body.transferTo(sink)).isInstanceOf(IOException.class);
            assertThat(reader.join()).isPositive();
        }
    }

    /** The write end of a FIFO, read by a thread into memory. */
    private static final class FifoSink extends OutputStream implements PipeSink {
        private interface LibC extends Library {
            LibC INSTANCE = Native.load("c", LibC.class);

            int open(String path, int flags) throws LastErrorException;

            long write(int fd, byte[] buffer, long count) throws LastErrorException;

            int close(int fd) throws LastErrorException;
        }

        private final int fd;
        private final CompletableFuture<byte[]> received;
        private long moved;
        private boolean closed;

        private FifoSink(int fd, CompletableFuture<byte[]> received) {
            this.fd = fd;
            this.received = received;
        }

        static void mkfifo(Path fifo) throws IOException, InterruptedException {
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        }

        static FifoSink open(Path fifo) throws IOException, InterruptedException {
            mkfifo(fifo);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    in.transferTo(all);
                    return all.toByteArray();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return openWriter(fifo, received);
        }

        static FifoSink openWriter(Path fifo, CompletableFuture<byte[]> received) {
            return new FifoSink(LibC.INSTANCE.open(fifo.toString(), 01 /* O_WRONLY */), received);
        }

        @Override
        public int pipeFd() {
            return fd;
        }

        @Override
        public void moved(long bytes) {
            moved += bytes;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] part = Arrays.copyOfRange(b, off, off + len);
            for (int done = 0; done < len; ) {
                try {
                    done += (int) LibC.INSTANCE.write(fd, Arrays.copyOfRange(part, done, len), len - done);
                } catch (LastErrorException e) {
                    throw new IOException("write to the FIFO failed (errno " + e.getErrorCode() + ")", e);
                }
            }
        }

        byte[] closeAndReceived() {
            close();
            return received.join();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                LibC.INSTANCE.close(fd);
            }
        }
    }
}
