package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MinioObjectStore end to end against the embedded S3 server. */
class MinioObjectStoreTest {
    private static final String ACCESS_KEY = "sagebox";
    private static final String SECRET_KEY = "sagebox-secret-key";

    @TempDir static Path baseDir;
    @TempDir Path tmp;

    private static EmbeddedS3Server server;
    private static MinioObjectStore store;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start(baseDir.resolve("s3"), List.of("127.0.0.1"), 0, ACCESS_KEY, SECRET_KEY);
        store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true));
        store.createBucketIfAbsent("models");
    }

    @AfterAll
    static void stopServer() {
        store.close();
        server.close();
    }

    @Test
    void answersTheHealthCheck() {
        assertThat(store.isReachable()).isTrue();
    }

    @Test
    void createsBucketsOnce() {
        store.createBucketIfAbsent("fresh-bucket");
        store.createBucketIfAbsent("fresh-bucket");

        assertThat(store.bucketExists("fresh-bucket")).isTrue();
        assertThat(store.bucketExists("never-created")).isFalse();
    }

    @Test
    void uploadsAFileAndDownloadsItBack() throws IOException {
        Path source = Files.writeString(tmp.resolve("model.tar.gz"), "pretend this is a model");
        S3Location where = new S3Location("models", "jobs/job-1/output/model.tar.gz");

        store.upload(source, where);
        Path target = tmp.resolve("deep/down/model.tar.gz");
        store.download(where, target);

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, 23));
        assertThat(target).hasContent("pretend this is a model");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void streamsOfUnknownSizeGoUpInParts() throws Exception {
        long size = 2 * MinioObjectStore.UNKNOWN_SIZE_PART_BYTES + 12_345;
        S3Location where = new S3Location("models", "big/unknown-size.bin");

        store.upload(new PatternStream(size), -1, where);

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, size));
        try (InputStream in = store.open(where)) {
            assertThat(sha256(in)).isEqualTo(sha256(new PatternStream(size)));
        }
        long offset = size - 1000;
        try (InputStream tail = store.open(where, offset); InputStream expected = new PatternStream(size)) {
            expected.skipNBytes(offset);
            assertThat(tail.readAllBytes()).isEqualTo(expected.readAllBytes());
        }
    }

    @Test
    void uploadsAStreamOfKnownSizeAndReadsFromAnOffset() throws IOException {
        S3Location where = new S3Location("models", "offset.txt");
        byte[] data = "0123456789".getBytes(StandardCharsets.UTF_8);

        store.upload(new ByteArrayInputStream(data), data.length, where);

        try (InputStream in = store.open(where, 7)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("789");
        }
        try (InputStream atEnd = store.open(where, data.length)) {
            assertThat(atEnd.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> store.open(where, data.length + 5))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("s3://models/offset.txt")
                .hasMessageContaining("only 10 bytes");
    }

    @Test
    void listsEverythingUnderAStringPrefixSortedWithoutFolderMarkers() {
        store.createBucketIfAbsent("listing");
        for (String key : List.of("data/train/b.csv", "data/train/a.csv", "data/train/sub/deep/c.csv",
                "data/train.manifest", "data/test/x.csv", "other.txt")) {
            put(new S3Location("listing", key), key);
        }
        put(new S3Location("listing", "data/empty-folder/"), "");

        assertThat(keys(store.list(new S3Location("listing", "data/train/"))))
                .containsExactly("data/train/a.csv", "data/train/b.csv", "data/train/sub/deep/c.csv");
        assertThat(keys(store.list(new S3Location("listing", "data/tr"))))
                .containsExactly("data/train.manifest", "data/train/a.csv", "data/train/b.csv",
                        "data/train/sub/deep/c.csv");
        assertThat(keys(store.list(new S3Location("listing", ""))))
                .hasSize(6)
                .doesNotContain("data/empty-folder/");
        assertThat(store.list(new S3Location("listing", "data/train/a.csv")))
                .containsExactly(new S3ObjectSummary(new S3Location("listing", "data/train/a.csv"), 16));
        assertThat(store.list(new S3Location("listing", "nothing/here"))).isEmpty();
    }

    @Test
    void feedsTheChannelResolverWithStringPrefixSemantics() {
        store.createBucketIfAbsent("channels");
        for (String key : List.of("data/train.csv", "data/train/part-0", "data/train/part-1", "data/test.csv")) {
            put(new S3Location("channels", key), key);
        }
        ChannelResolver resolver = new ChannelResolver(store);

        List<List<ChannelObject>> hosts =
                resolver.resolveAll(ChannelDataSource.of("S3Prefix", "s3://channels/data/tr", "ShardedByS3Key"), 2);

        assertThat(hosts.get(0)).extracting(ChannelObject::relativePath).containsExactly("train.csv", "train/part-1");
        assertThat(hosts.get(1)).extracting(ChannelObject::relativePath).containsExactly("train/part-0");
    }

    @Test
    void deletesObjects() {
        S3Location where = new S3Location("models", "to-delete.txt");
        put(where, "bye");

        store.delete(where);
        store.delete(where);

        assertThat(store.stat(where)).isEmpty();
    }

    @Test
    void missingKeysAndBucketsAreReportedByKind() {
        S3Location missing = new S3Location("models", "no/such/key");
        assertThat(store.stat(missing)).isEmpty();
        assertThatThrownBy(() -> store.open(missing))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("s3://models/no/such/key")
                .extracting(e -> ((ObjectStoreException) e).kind())
                .isEqualTo(ObjectStoreException.Kind.NO_SUCH_KEY);
        assertThatThrownBy(() -> store.download(missing, tmp.resolve("x")))
                .isInstanceOf(ObjectStoreException.class)
                .extracting(e -> ((ObjectStoreException) e).kind())
                .isEqualTo(ObjectStoreException.Kind.NO_SUCH_KEY);
        assertThat(tmp.resolve("x")).doesNotExist();

        assertThatThrownBy(() -> store.list(new S3Location("no-such-bucket", "x/")))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("s3://no-such-bucket/x/")
                .extracting(e -> ((ObjectStoreException) e).kind())
                .isEqualTo(ObjectStoreException.Kind.NO_SUCH_BUCKET);
    }

    @Test
    void aWrongSecretIsAccessDenied() {
        S3Settings wrong = new S3Settings(server.endpoint(), ACCESS_KEY, "not-the-secret", "us-east-1");
        try (MinioObjectStore intruder = new MinioObjectStore(wrong, SocketToPipe.of(true))) {
            assertThatThrownBy(() -> intruder.list(new S3Location("models", "")))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("s3://models/")
                    .extracting(e -> ((ObjectStoreException) e).kind())
                    .isEqualTo(ObjectStoreException.Kind.ACCESS_DENIED);
            assertThatThrownBy(() -> intruder.stat(new S3Location("models", "x")))
                    .isInstanceOf(ObjectStoreException.class)
                    .extracting(e -> ((ObjectStoreException) e).kind())
                    .isEqualTo(ObjectStoreException.Kind.ACCESS_DENIED);
            // The server still answered, which is what the health check asks.
            assertThat(intruder.isReachable()).isTrue();
        }
    }

    @Test
    void aStoppedServerIsUnreachable() {
        EmbeddedS3Server doomed =
                EmbeddedS3Server.start(tmp.resolve("doomed"), List.of("127.0.0.1"), 0, ACCESS_KEY, SECRET_KEY);
        try (MinioObjectStore client = new MinioObjectStore(doomed.settings("us-east-1"), SocketToPipe.of(true))) {
            client.createBucketIfAbsent("gone-soon");
            doomed.close();

            assertThat(client.isReachable()).isFalse();
            assertThatThrownBy(() -> client.stat(new S3Location("gone-soon", "k")))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("s3://gone-soon/k")
                    .hasMessageContaining("unreachable")
                    .extracting(e -> ((ObjectStoreException) e).kind())
                    .isEqualTo(ObjectStoreException.Kind.UNREACHABLE);
        }
    }

    private static void put(S3Location where, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.upload(new ByteArrayInputStream(bytes), bytes.length, where);
    }

    private static List<String> keys(List<S3ObjectSummary> objects) {
        return objects.stream().map(o -> o.location().key()).toList();
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A reproducible byte stream of a given length that never says how long it is. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ * 7 % 251) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ * 7 % 251);
            }
            return n;
        }
    }
}
