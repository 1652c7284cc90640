package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What callers rely on from every {@link ObjectStore}, run against {@link FakeObjectStore} and against
 * {@link MinioObjectStore} on the embedded S3 server, so the fake cannot drift from the real adapter.
 */
abstract class ObjectStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir Path tmp;

    private ObjectStore store;
    private String bucket;

    /** The store under test; buckets made by earlier tests may still be there. */
    protected abstract ObjectStore store();

    @BeforeEach
    void freshBucket() {
        store = store();
        bucket = "contract-" + BUCKETS.incrementAndGet();
        store.createBucketIfAbsent(bucket);
    }

    @Test
    void answersTheHealthCheck() {
        assertThat(store.isReachable()).isTrue();
    }

    @Test
    void createsABucketOnceAndTellsWhichExist() {
        store.createBucketIfAbsent(bucket);
        assertThat(store.bucketExists(bucket)).isTrue();
        assertThat(store.bucketExists(bucket + "-never-created")).isFalse();
    }

    @Test
    void aStreamPutIsReadBackWhole() throws IOException {
        S3Location where = at("a/b/c.txt");
        put(where, "hello, contract");

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, 15));
        try (InputStream in = store.open(where)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello, contract");
        }
    }

    @Test
    void aStreamOfUnknownSizeIsStoredWhole() throws IOException {
        S3Location where = at("unknown-size.bin");
        byte[] data = "no length was given".getBytes(StandardCharsets.UTF_8);

        store.upload(new ByteArrayInputStream(data), -1, where);

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, data.length));
        try (InputStream in = store.open(where)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aKnownSizeIsTakenAtItsWord() throws IOException {
        S3Location longer = at("longer.txt");
        store.upload(new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)), 4, longer);
        assertThat(store.stat(longer)).contains(new S3ObjectSummary(longer, 4));
        try (InputStream in = store.open(longer)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123");
        }

        S3Location shorter = at("shorter.txt");
        assertFailure(() -> store.upload(new ByteArrayInputStream(new byte[3]), 10, shorter),
                ObjectStoreException.Kind.FAILED);
        assertThat(store.stat(shorter)).isEmpty();
        assertThatThrownBy(() -> store.upload(new ByteArrayInputStream(new byte[3]), -2, shorter))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysMayHoldSpacesPlusSignsAndNonAsciiCharacters() throws IOException {
        List<String> keys = List.of("odd keys/a b+c=d&e.txt", "odd keys/Grüße/日本.csv", "odd keys/%41~!'()*");
        for (String key : keys) {
            put(at(key), key);
        }

        assertThat(keys(store.list(at("odd keys/")))).containsExactlyElementsOf(keys.stream().sorted().toList());
        for (String key : keys) {
            try (InputStream in = store.open(at(key))) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo(key);
            }
        }
    }

    @Test
    void anEmptyObjectIsAnObject() throws IOException {
        S3Location where = at("empty");
        put(where, "");

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, 0));
        assertThat(store.list(at("empty"))).containsExactly(new S3ObjectSummary(where, 0));
        try (InputStream in = store.open(where)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aSecondPutReplacesTheObject() throws IOException {
        S3Location where = at("replaced.txt");
        put(where, "first and longer");
        put(where, "second");

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, 6));
        try (InputStream in = store.open(where)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("second");
        }
    }

    @Test
    void aFileGoesUpAndComesDownIntoNewFolders() throws IOException {
        Path source = Files.writeString(tmp.resolve("model.tar.gz"), "pretend this is a model");
        S3Location where = at("jobs/job-1/output/model.tar.gz");

        store.upload(source, where);
        Path target = tmp.resolve("deep/down/model.tar.gz");
        store.download(where, target);

        assertThat(store.stat(where)).contains(new S3ObjectSummary(where, 23));
        assertThat(target).hasContent("pretend this is a model");
    }

    @Test
    void aFolderIsNoFileToUpload() {
        assertFailure(() -> store.upload(tmp, at("folder")), ObjectStoreException.Kind.FAILED);
        assertFailure(() -> store.upload(tmp.resolve("absent"), at("absent")), ObjectStoreException.Kind.FAILED);
        assertThat(store.stat(at("folder"))).isEmpty();
    }

    @Test
    void readsFromAnOffsetUpToTheEndButNotBeyond() throws IOException {
        S3Location where = at("offset.txt");
        put(where, "0123456789");

        try (InputStream in = store.open(where, 7)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("789");
        }
        try (InputStream in = store.open(where, 0)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
        }
        try (InputStream atEnd = store.open(where, 10)) {
            assertThat(atEnd.readAllBytes()).isEmpty();
        }
        assertFailure(() -> store.open(where, 15), ObjectStoreException.Kind.FAILED)
                .hasMessageContaining(where.toString())
                .hasMessageContaining("only 10 bytes");
        assertThatThrownBy(() -> store.open(where, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsEverythingUnderAStringPrefixSortedWithoutFolderMarkers() {
        for (String key : List.of("data/train/b.csv", "data/train/a.csv", "data/train/sub/deep/c.csv",
                "data/train.manifest", "data/test/x.csv", "other.txt")) {
            put(at(key), key);
        }
        put(at("data/empty-folder/"), "");

        assertThat(keys(store.list(at("data/train/"))))
                .containsExactly("data/train/a.csv", "data/train/b.csv", "data/train/sub/deep/c.csv");
        assertThat(keys(store.list(at("data/tr"))))
                .containsExactly("data/train.manifest", "data/train/a.csv", "data/train/b.csv",
                        "data/train/sub/deep/c.csv");
        assertThat(keys(store.list(at(""))))
                .containsExactly("data/test/x.csv", "data/train.manifest", "data/train/a.csv", "data/train/b.csv",
                        "data/train/sub/deep/c.csv", "other.txt");
        assertThat(store.list(at("data/train/a.csv")))
                .containsExactly(new S3ObjectSummary(at("data/train/a.csv"), 16));
        assertThat(store.list(at("nothing/here"))).isEmpty();
        assertThat(store.stat(at("data/empty-folder/"))).contains(new S3ObjectSummary(at("data/empty-folder/"), 0));
    }

    @Test
    void aListingIsASnapshotTheCallerCannotChange() {
        put(at("one"), "1");
        List<S3ObjectSummary> listing = store.list(at(""));
        put(at("two"), "2");

        assertThat(listing).hasSize(1);
        assertThatThrownBy(() -> listing.add(new S3ObjectSummary(at("x"), 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void deletingIsIdempotent() {
        S3Location where = at("to-delete.txt");
        put(where, "bye");
        put(at("to-delete.txt.keep"), "stay");

        store.delete(where);
        store.delete(where);

        assertThat(store.stat(where)).isEmpty();
        assertThat(keys(store.list(at("to-delete")))).containsExactly("to-delete.txt.keep");
    }

    @Test
    void aMissingKeyIsEmptyToStatAndNoSuchKeyToRead() {
        S3Location missing = at("no/such/key");

        assertThat(store.stat(missing)).isEmpty();
        assertFailure(() -> store.open(missing), ObjectStoreException.Kind.NO_SUCH_KEY)
                .hasMessageContaining(missing.toString());
        assertFailure(() -> store.open(missing, 3), ObjectStoreException.Kind.NO_SUCH_KEY);
        assertFailure(() -> store.download(missing, tmp.resolve("x")), ObjectStoreException.Kind.NO_SUCH_KEY);
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    /** A HEAD answer has no body to tell a missing bucket from a missing key: stat finds nothing either way. */
    @Test
    void aMissingBucketIsNoSuchBucketToEveryObjectCallButStat() throws IOException {
        String gone = bucket + "-missing";
        S3Location where = new S3Location(gone, "x/y");
        Path file = Files.writeString(tmp.resolve("f"), "f");

        assertFailure(() -> store.list(new S3Location(gone, "x/")), ObjectStoreException.Kind.NO_SUCH_BUCKET)
                .hasMessageContaining("s3://" + gone + "/x/");
        assertThat(store.stat(where)).isEmpty();
        assertFailure(() -> store.open(where), ObjectStoreException.Kind.NO_SUCH_BUCKET);
        assertFailure(() -> store.upload(file, where), ObjectStoreException.Kind.NO_SUCH_BUCKET);
        assertFailure(() -> put(where, "x"), ObjectStoreException.Kind.NO_SUCH_BUCKET);
        assertFailure(() -> store.download(where, tmp.resolve("y")), ObjectStoreException.Kind.NO_SUCH_BUCKET);
        assertFailure(() -> store.delete(where), ObjectStoreException.Kind.NO_SUCH_BUCKET);
        assertThat(store.bucketExists(gone)).isFalse();
    }

    private S3Location at(String key) {
        return new S3Location(bucket, key);
    }

    private void put(S3Location where, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.upload(new ByteArrayInputStream(bytes), bytes.length, where);
    }

    private static List<String> keys(List<S3ObjectSummary> objects) {
        return objects.stream().map(o -> o.location().key()).toList();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ObjectStoreException.Kind kind) {
        AbstractThrowableAssert<?, ? extends Throwable> failure =
                assertThatThrownBy(call).isInstanceOf(ObjectStoreException.class);
        failure.extracting(e -> ((ObjectStoreException) e).kind()).isEqualTo(kind);
        return failure;
    }
}
