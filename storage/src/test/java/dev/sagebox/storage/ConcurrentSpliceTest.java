package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many Pipe-mode streams at once, from the embedded S3 server into FIFOs, over IPv4 and IPv6, with zero copy on
 * ({@code splice(2)}: each splice must find its own socket among many) and off (copied): every FIFO's reader gets
 * exactly the bytes that were put, checked by SHA-256.
 */
class ConcurrentSpliceTest {
    private static final int STREAMS = 16;
    private static final int BASE_SIZE = 3 * 1024 * 1024;

    @TempDir static Path baseDir;
    @TempDir Path tmp;

    /** One server per address, with the same objects, shared by zero copy on and off. */
    private static final Map<String, Served> SERVERS = new HashMap<>();

    private record Served(EmbeddedS3Server server, List<S3Location> objects, List<String> digests) {
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(s -> s.server().close());
    }

    @ParameterizedTest(name = "{0}, zero copy {1}")
    @CsvSource({"127.0.0.1, true", "127.0.0.1, false", "::1, true", "::1, false"})
    void everyConcurrentStreamDeliversExactlyItsObject(String host, boolean zeroCopy) throws Exception {
        assumeTrue(canListenOn(host), host + " is not available on this machine");
        Served served = served(host);
        ExecutorService threads = Executors.newFixedThreadPool(2 * STREAMS);
        try (MinioObjectStore store = new MinioObjectStore(served.server().settings("us-east-1"),
                SocketToPipe.of(zeroCopy))) {
            List<Future<Long>> moved = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                S3Location object = served.objects().get(i);
                String expected = served.digests().get(i);
                Path fifo = tmp.resolve("fifo-" + i);
                moved.add(threads.submit(() -> {
                    try (FifoSink<String> sink = FifoSink.open(fifo, ConcurrentSpliceTest::sha256, threads);
                            ObjectBody body = store.open(object, 0)) {
                        body.transferTo(sink);
                        assertThat(sink.closeAndReceived()).as("SHA-256 of " + object + " through " + host)
                                .isEqualTo(expected);
                        return sink.moved();
                    }
                }));
            }
            List<Long> kernelMoved = new ArrayList<>();
            for (Future<Long> f : moved) {
                // A guard against a hang, not a timing assertion.
                kernelMoved.add(f.get(5, TimeUnit.MINUTES));
            }
            if (zeroCopy && SocketToPipe.of(true) != SocketToPipe.COPY) {
                // Each stream found its own socket among the others and spliced from it.
                assertThat(kernelMoved).as("bytes the kernel moved, per stream").allMatch(n -> n > 0);
            } else {
                assertThat(kernelMoved).as("bytes the kernel moved, per stream").allMatch(n -> n == 0);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static synchronized Served served(String host) throws IOException {
        Served served = SERVERS.get(host);
        if (served != null) {
            return served;
        }
        Path dir = Files.createDirectories(baseDir.resolve(host.replace(':', '_')));
        EmbeddedS3Server server = EmbeddedS3Server.start(dir, List.of(host), 0, "sagebox", "sagebox-secret-key");
        List<S3Location> objects = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        try (MinioObjectStore store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.COPY)) {
            store.createBucketIfAbsent("concurrent");
            Random random = new Random(17);
            for (int i = 0; i < STREAMS; i++) {
                // Sizes that are not multiples of any buffer, some below the splice threshold's multiples.
                byte[] data = new byte[BASE_SIZE + random.nextInt(1 << 20) + i];
                random.nextBytes(data);
                S3Location object = new S3Location("concurrent", "object-" + i);
                store.upload(new ByteArrayInputStream(data), data.length, object);
                objects.add(object);
                digests.add(sha256(new ByteArrayInputStream(data)));
            }
        }
        served = new Served(server, List.copyOf(objects), List.copyOf(digests));
        SERVERS.put(host, served);
        return served;
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] block = new byte[64 * 1024];
        int n;
        while ((n = in.read(block)) > 0) {
            digest.update(block, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean canListenOn(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
