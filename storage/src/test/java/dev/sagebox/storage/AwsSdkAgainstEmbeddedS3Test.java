package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The AWS SDK for Java v2, as users configure it (path-style, us-east-1, the server's keys), against embedded S3. */
class AwsSdkAgainstEmbeddedS3Test {
    private static final String ACCESS_KEY = "sagebox";
    private static final String SECRET_KEY = "sagebox-secret-key";

    @TempDir static Path baseDir;

    private static EmbeddedS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(baseDir, List.of("127.0.0.1"), 0, ACCESS_KEY, SECRET_KEY);
        s3 = client(SECRET_KEY);
        s3.createBucket(b -> b.bucket("sdk-bucket"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    private static S3Client client(String secret) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                // S3Proxy 3.0.0 cannot read SDK 2.30+'s default signed-trailer checksums over http (see the report).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Test
    void putsGetsAndListsPathStyle() {
        s3.createBucket(b -> b.bucket("sdk-listing"));
        s3.putObject(b -> b.bucket("sdk-listing").key("train/part-1.csv"), RequestBody.fromString("1,2,3"));
        s3.putObject(b -> b.bucket("sdk-listing").key("train/sub/part-2.csv"), RequestBody.fromString("4,5,6"));
        s3.putObject(b -> b.bucket("sdk-listing").key("test/x.csv"), RequestBody.fromString("x"));

        String body = s3.getObjectAsBytes(b -> b.bucket("sdk-listing").key("train/part-1.csv")).asUtf8String();
        List<String> trainKeys = s3.listObjectsV2(b -> b.bucket("sdk-listing").prefix("train/")).contents().stream()
                .map(S3Object::key)
                .toList();
        List<String> allKeys = s3.listObjectsV2(b -> b.bucket("sdk-listing")).contents().stream()
                .map(S3Object::key)
                .toList();
        List<String> folders = s3.listObjectsV2(b -> b.bucket("sdk-listing").delimiter("/")).commonPrefixes().stream()
                .map(CommonPrefix::prefix)
                .toList();

        assertThat(body).isEqualTo("1,2,3");
        // No "train/sub/" entry: the filesystem's directories are not objects.
        assertThat(trainKeys).containsExactly("train/part-1.csv", "train/sub/part-2.csv");
        assertThat(allKeys).containsExactly("test/x.csv", "train/part-1.csv", "train/sub/part-2.csv");
        assertThat(folders).containsExactly("test/", "train/");
        assertThat(s3.headObject(b -> b.bucket("sdk-listing").key("test/x.csv")).contentLength()).isEqualTo(1);
    }

    /**
     * Bodies are served by BlockCopyingBlobStore: a whole object from a memory-mapped file, a range in blocks. Every
     * byte and the headers that describe the body must be what was stored.
     */
    @Test
    void bodiesWholeRangedAndEmptyAreExactWithTheirHeaders() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        s3.putObject(b -> b.bucket("sdk-bucket").key("body/blob.bin").contentType("application/x-test")
                .metadata(java.util.Map.of("origin", "test")), RequestBody.fromBytes(data));
        s3.putObject(b -> b.bucket("sdk-bucket").key("body/empty.bin"), RequestBody.empty());

        var whole = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("body/blob.bin"));
        byte[] middle = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("body/blob.bin").range("bytes=5-1048580"))
                .asByteArray();
        byte[] tail = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("body/blob.bin").range("bytes=3145000-"))
                .asByteArray();
        byte[] suffix = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("body/blob.bin").range("bytes=-10"))
                .asByteArray();
        byte[] empty = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("body/empty.bin")).asByteArray();

        assertThat(whole.asByteArray()).isEqualTo(data);
        assertThat(whole.response().contentLength()).isEqualTo(data.length);
        assertThat(whole.response().contentType()).isEqualTo("application/x-test");
        assertThat(whole.response().metadata()).containsEntry("origin", "test");
        assertThat(whole.response().eTag()).isNotBlank();
        assertThat(middle).isEqualTo(Arrays.copyOfRange(data, 5, 1048581));
        assertThat(tail).isEqualTo(Arrays.copyOfRange(data, 3145000, data.length));
        assertThat(suffix).isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThat(empty).isEmpty();
    }

    @Test
    void multipartUploadsAssembleInOrder() {
        String key = "big/multipart.bin";
        String uploadId = s3.createMultipartUpload(b -> b.bucket("sdk-bucket").key(key)).uploadId();
        byte[] first = filled(5 * 1024 * 1024, (byte) 'a');
        byte[] second = filled(1024, (byte) 'b');
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(first, second)) {
            int partNumber = number++;
            String etag = s3.uploadPart(
                            b -> b.bucket("sdk-bucket").key(key).uploadId(uploadId).partNumber(partNumber),
                            RequestBody.fromBytes(part))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("sdk-bucket").key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));

        byte[] whole = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key(key)).asByteArray();
        assertThat(whole).hasSize(first.length + second.length);
        assertThat(whole[0]).isEqualTo((byte) 'a');
        assertThat(whole[whole.length - 1]).isEqualTo((byte) 'b');
        assertThat(s3.listObjectsV2(b -> b.bucket("sdk-bucket").prefix("big/")).contents())
                .extracting(S3Object::key)
                .containsExactly(key);
    }

    @Test
    void objectsWrittenByTheSdkAreReadableThroughTheObjectStore() {
        s3.putObject(b -> b.bucket("sdk-bucket").key("shared/by-sdk.txt"), RequestBody.fromString("hello"));

        try (MinioObjectStore store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true))) {
            assertThat(store.stat(new S3Location("sdk-bucket", "shared/by-sdk.txt")))
                    .map(S3ObjectSummary::size)
                    .contains(5L);
        }
    }

    @Test
    void errorsCarryS3Codes() {
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("sdk-bucket").key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
        try (S3Client wrong = client("wrong-secret")) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("sdk-bucket")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    private static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** Keys the filesystem store cannot hold are S3's 400 InvalidArgument (the review's PUT of "." was a 500). */
    @Test
    void keysTheFilesystemCannotHoldAreRefusedWithInvalidArgument() throws Exception {
        s3.createBucket(b -> b.bucket("odd-keys"));
        List<String> keys = List.of(".", "..", "a/./b", "x/../y", "p".repeat(219), "f".repeat(256) + "/p",
                "q/".repeat(520) + "q", "folder/", "\\x");
        for (String key : keys) {
            HttpResponse<String> answer = raw("PUT", "odd-keys", key);
            assertThat(answer.statusCode()).as(key).isEqualTo(400);
            assertThat(answer.body()).as(key).contains("<Code>InvalidArgument</Code>");
            // Such a key cannot exist: reading it finds nothing, deleting it has nothing to do.
            assertThat(raw("GET", "odd-keys", key).statusCode()).as(key).isEqualTo(404);
            assertThat(raw("GET", "odd-keys", key).body()).as(key).contains("<Code>NoSuchKey</Code>");
            assertThat(raw("DELETE", "odd-keys", key).statusCode()).as(key).isEqualTo(204);
        }
        s3.putObject(b -> b.bucket("odd-keys").key("dir/file"), RequestBody.fromString("1"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("odd-keys").key("dir"), RequestBody.fromString("2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("a key cannot also be a folder");
                });
        s3.putObject(b -> b.bucket("odd-keys").key("f".repeat(255) + "/" + "p".repeat(218)), RequestBody.fromString("ok"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("odd-keys").key("dir/file")).asUtf8String()).isEqualTo("1");
    }

    /** A request signed as the SDK would, but with the key exactly as given (the SDK normalises "." parts away). */
    private static HttpResponse<String> raw(String method, String bucket, String key) throws Exception {
        byte[] body = method.equals("PUT") ? "x".getBytes(StandardCharsets.UTF_8) : new byte[0];
        String path = "/" + bucket + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("%2F", "/");
        SdkHttpRequest request = SdkHttpRequest.builder()
                .uri(URI.create(server.endpoint() + path))
                .method(SdkHttpMethod.fromValue(method))
                .putHeader("x-amz-content-sha256", HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(body)))
                .build();
        SdkHttpRequest signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
                .create().sign(r -> r
                        .identity(AwsCredentialsIdentity.create(ACCESS_KEY,
                                SECRET_KEY))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME,
                                "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME,
                                "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE,
                                false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH,
                                false))
                .request();
        HttpRequest.Builder out = HttpRequest.newBuilder(signed.getUri())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(out.build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
