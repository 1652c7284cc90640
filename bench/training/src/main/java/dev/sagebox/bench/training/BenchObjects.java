package dev.sagebox.bench.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import dev.sagebox.storage.pipe.SocketToPipe;
import dev.sagebox.storage.MinioObjectStore;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.S3Settings;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A channel's objects in the server's S3: {@code count} objects of {@code size} bytes under a prefix, made on the fly
 * from a cheap generator (a random 1 MiB block read at a per-object offset), and the plain-GET baselines over them.
 */
final class BenchObjects {
    static final String BUCKET = "sagebox-bench";
    private static final int BLOCK = 1 << 20;
    private static final byte[] RANDOM_BLOCK = randomBlock();

    private final String prefix;
    private final int count;
    private final long size;

    BenchObjects(String prefix, int count, long size) {
        this.prefix = prefix;
        this.count = count;
        this.size = size;
    }

    String prefix() {
        return prefix;
    }

    int count() {
        return count;
    }

    long totalBytes() {
        return count * size;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("part-%03d.bin", i));
        }
        return names;
    }

    List<String> keys() {
        return names().stream().map(n -> prefix + n).toList();
    }

    String s3Uri() {
        return "s3://" + BUCKET + "/" + prefix;
    }

    /** A smaller channel of the same objects (part-010 … part-015) for unmeasured warm-up jobs. */
    String warmUpUri() {
        return s3Uri() + "part-01";
    }

    /**
     * Uploads every object; returns the elapsed nanoseconds. A PUT signed by the SDK's SigV4 signer with an unsigned
     * payload, sent by java.net.http: the S3 client signs every chunk of a body over plain HTTP, which made generating
     * 4 GiB several times slower here (about 30 against 150 MiB/s) without telling anything about Sagebox.
     */
    long upload(URI endpoint) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create(Clients.ACCESS_KEY, Clients.SECRET_KEY);
        long start = System.nanoTime();
        List<String> keys = keys();
        for (int i = 0; i < keys.size(); i++) {
            long seed = i;
            URI uri = URI.create(endpoint + "/" + BUCKET + "/" + keys.get(i));
            SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).uri(uri)
                    .putHeader("Content-Length", String.valueOf(size)).build();
            SignedRequest signed = signer.sign(r -> r.request(unsigned).identity(credentials)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            HttpRequest.Builder put = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(size, seed)), size));
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                    values.forEach(v -> put.header(name, v));
                }
            });
            HttpResponse<String> response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
        return System.nanoTime() - start;
    }

    void delete(S3Client s3) {
        for (String key : keys()) {
            s3.deleteObject(r -> r.bucket(BUCKET).key(key));
        }
    }

    /** GET every object, one after another, reading each body into a 1 MiB buffer and dropping it. */
    long getToNull(S3Client s3) {
        byte[] buffer = new byte[BLOCK];
        long start = System.nanoTime();
        long read = 0;
        for (String key : keys()) {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(BUCKET).key(key))) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long elapsed = System.nanoTime() - start;
        check(read);
        return elapsed;
    }

    /** GET every object, one after another, to a file in {@code dir} (the SDK's own ResponseTransformer.toFile). */
    long getToDisk(S3Client s3, Path dir) throws IOException {
        Files.createDirectories(dir);
        long start = System.nanoTime();
        List<String> keys = keys();
        List<String> names = names();
        for (int i = 0; i < count; i++) {
            String key = keys.get(i);
            s3.getObject(r -> r.bucket(BUCKET).key(key), ResponseTransformer.toFile(dir.resolve(names.get(i))));
        }
        long elapsed = System.nanoTime() - start;
        long written = 0;
        for (String name : names()) {
            written += Files.size(dir.resolve(name));
        }
        check(written);
        return elapsed;
    }

    /** Sagebox's own download code (MinioObjectStore.download: MinIO client, temp file, rename), from this JVM. */
    long minioDownload(URI endpoint, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> keys = keys();
        List<String> names = names();
        try (MinioObjectStore store = new MinioObjectStore(new S3Settings(endpoint, Clients.ACCESS_KEY,
                Clients.SECRET_KEY, "us-east-1"), SocketToPipe.of(true))) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                store.download(new S3Location(BUCKET, keys.get(i)), dir.resolve(names.get(i)));
            }
            long elapsed = System.nanoTime() - start;
            long written = 0;
            for (String name : names) {
                written += Files.size(dir.resolve(name));
            }
            check(written);
            return elapsed;
        }
    }

    private void check(long bytes) {
        if (bytes != totalBytes()) {
            throw new IllegalStateException("read " + bytes + " bytes of " + prefix + ", expected " + totalBytes());
        }
    }

    private static byte[] randomBlock() {
        byte[] block = new byte[BLOCK];
        SplittableRandom random = new SplittableRandom(20240601L);
        for (int i = 0; i < BLOCK; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
                block[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return block;
    }

    /** {@code size} bytes of the random block, starting at an offset that depends on the object. */
    private static final class Generated extends InputStream {
        private final long size;
        private final int shift;
        private long position;

        Generated(long size, long seed) {
            this.size = size;
            this.shift = (int) ((seed * 7919L * 4099L) % BLOCK);
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return RANDOM_BLOCK[(int) ((position++ + shift) % BLOCK)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int at = (int) ((position + shift) % BLOCK);
            int n = (int) Math.min(Math.min(len, size - position), BLOCK - at);
            System.arraycopy(RANDOM_BLOCK, at, b, off, n);
            position += n;
            return n;
        }
    }
}
