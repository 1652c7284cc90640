package dev.sagebox.storage;

import dev.sagebox.core.credentials.SessionCredentials;
import dev.sagebox.storage.pipe.SocketToPipe;
import dev.sagebox.storage.ReadBufferedSocketFactory.ReadBufferedSocket;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import io.minio.messages.ResponseDate;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.http.HttpUtils;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.OptionalLong;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ObjectStore} adapter over the MinIO Java client: path-style, streaming, any S3-compatible endpoint. */
public final class MinioObjectStore implements ObjectStore, AutoCloseable {
    /** Part size for uploads of unknown length; the client buffers one part, and 10,000 parts allow 160 GiB. */
    static final long UNKNOWN_SIZE_PART_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MinioObjectStore.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final OkHttpClient http;
    private final OkHttpClient probeHttp;
    private final MinioClient client;
    private final MinioClient probe;
    private final MinioFailures failures;
    private final ResponseSockets responseSockets = new ResponseSockets();
    private final SocketToPipe toPipe;

    /**
     * Connects lazily: nothing is sent until the first call.
     *
     * @param toPipe how a body read from a plain-HTTP connection reaches a pipe: {@code splice(2)}, or
     *     {@link SocketToPipe#COPY} when zero copy is off ({@code SAGEBOX_ZERO_COPY})
     */
    public MinioObjectStore(S3Settings settings, SocketToPipe toPipe) {
        this(settings, new StaticProvider(settings.accessKey(), settings.secretKey(), null), toPipe);
    }

    /**
     * Signs with credentials that change over time (a resource's own, derived for each window): {@code current} is
     * asked before every request, and {@code settings}' keys are not used.
     */
    public MinioObjectStore(S3Settings settings, Supplier<SessionCredentials> current, SocketToPipe toPipe) {
        this(settings, () -> {
            SessionCredentials c = current.get();
            return new Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(),
                    new ResponseDate(c.expiration().atZone(ZoneOffset.UTC)));
        }, toPipe);
    }

    private MinioObjectStore(S3Settings settings, Provider credentials, SocketToPipe toPipe) {
        this.toPipe = toPipe;
        this.http = newHttpClient(CONNECT_TIMEOUT, TRANSFER_TIMEOUT, responseSockets);
        this.client = newClient(settings, credentials, http);
        // A health check must answer fast even when the endpoint black-holes packets.
        this.probeHttp = newHttpClient(PROBE_TIMEOUT, PROBE_TIMEOUT, EventListener.NONE);
        this.probe = newClient(settings, credentials, probeHttp);
        this.failures = new MinioFailures(settings.endpoint());
    }

    /**
     * MinIO's own default client (HTTP/1.1, SSL_CERT_FILE honoured), reading sockets through a larger buffer. The read
     * timeout is the socket's own ({@code SO_TIMEOUT}, kept by {@link ReadBufferedSocketFactory}) instead of Okio's:
     * Okio times each 8 KiB read by queueing it with its watchdog thread and waking that thread, which cost about a
     * tenth of the CPU of streaming an object (measured with perf while reading 1 GiB).
     */
    private static OkHttpClient newHttpClient(Duration connect, Duration transfer, EventListener listener) {
        return HttpUtils.newDefaultHttpClient(connect.toMillis(), transfer.toMillis(), transfer.toMillis())
                .newBuilder()
                .readTimeout(Duration.ZERO)
                .socketFactory(new ReadBufferedSocketFactory(transfer))
                .eventListener(listener)
                .build();
    }

    private static MinioClient newClient(S3Settings settings, Provider credentials, OkHttpClient http) {
        MinioClient client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .credentialsProvider(credentials)
                // A fixed region spares a GetBucketLocation round trip before each first call on a bucket.
                .region(settings.region())
                .httpClient(http)
                .build();
        client.disableVirtualStyleEndpoint();
        return client;
    }

    /** True when an S3 server answers at all (even with an error such as AccessDenied); never throws. */
    @Override
    public boolean isReachable() {
        try {
            probe.listBuckets();
            return true;
        } catch (ErrorResponseException e) {
            return true;
        } catch (Exception e) {
            LOG.debug("S3 probe failed", e);
            return false;
        }
    }

    @Override
    public void createBucketIfAbsent(String bucket) {
        S3Location where = new S3Location(bucket, "");
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            // Another caller created it between our check and our create.
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw failures.map("create bucket", where, e);
            }
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("create bucket", where, e);
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("check bucket", new S3Location(bucket, ""), e);
        }
    }

    @Override
    public List<S3ObjectSummary> list(S3Location prefix) {
        ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(prefix.bucket()).recursive(true);
        if (!prefix.key().isEmpty()) {
            args.prefix(prefix.key());
        }
        List<S3ObjectSummary> objects = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(args.build())) {
                Item item = result.get();
                // Keys ending in '/' are folder markers made by consoles and tools, not data.
                if (item.isDir() || item.isDeleteMarker() || item.objectName().endsWith("/")) {
                    continue;
                }
                objects.add(new S3ObjectSummary(new S3Location(prefix.bucket(), item.objectName()), item.size()));
            }
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("list", prefix, e);
        }
        objects.sort(Comparator.comparing(o -> o.location().key()));
        return List.copyOf(objects);
    }

    @Override
    public Optional<S3ObjectSummary> stat(S3Location object) {
        try {
            StatObjectResponse response = client.statObject(
                    StatObjectArgs.builder().bucket(object.bucket()).object(object.key()).build());
            return Optional.of(new S3ObjectSummary(object, response.size()));
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            ObjectStoreException failure = failures.map("stat", object, e);
            if (failure.kind() == ObjectStoreException.Kind.NO_SUCH_KEY) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    @Override
    public InputStream open(S3Location object) {
        return open(object, 0);
    }

    @Override
    public ObjectBody open(S3Location object, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(object.bucket()).object(object.key());
        if (offset > 0) {
            args.offset(offset);
        }
        String request = responseSockets.newRequestName();
        args.extraHeaders(Map.of(ResponseSockets.HEADER, request));
        try {
            GetObjectResponse body = client.getObject(args.build());
            Optional<ReadBufferedSocket> socket = responseSockets.take(request);
            OptionalLong length = plainLength(body.headers());
            return socket.isPresent() && length.isPresent() && toPipe != SocketToPipe.COPY
                    ? new SpliceableBody(body, socket.get(), toPipe, length.getAsLong())
                    : ObjectBody.of(body);
        } catch (ErrorResponseException e) {
            if (offset > 0 && "InvalidRange".equals(e.errorResponse().code())) {
                return atEnd(object, offset, e);
            }
            throw failures.map("read", object, e);
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("read", object, e);
        } finally {
            responseSockets.take(request); // a failed call leaves no socket behind
        }
    }

    /** The body's length when it is sent as it is: no chunked framing, no encoding the client undoes. */
    private static OptionalLong plainLength(Headers headers) {
        String length = headers.get("Content-Length");
        if (length == null || headers.get("Transfer-Encoding") != null || headers.get("Content-Encoding") != null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Resuming exactly at the end of an object is a normal, empty read; S3 answers it with 416. */
    private ObjectBody atEnd(S3Location object, long offset, ErrorResponseException rangeError) {
        long size = stat(object)
                .orElseThrow(() -> failures.map("read", object, rangeError))
                .size();
        if (offset == size) {
            return ObjectBody.of(InputStream.nullInputStream());
        }
        throw new ObjectStoreException(
                ObjectStoreException.Kind.FAILED,
                "Cannot read " + object + " from byte " + offset + ": the object has only " + size + " bytes",
                rangeError);
    }

    @Override
    public void download(S3Location object, Path target) {
        Path partial = null;
        try (InputStream in = open(object)) {
            Path absolute = target.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            // A half-written file must never look like a finished download.
            partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        } catch (IOException e) {
            throw new ObjectStoreException(
                    ObjectStoreException.Kind.FAILED, "Cannot download " + object + " to " + target + ": " + e, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public void upload(Path source, S3Location object) {
        if (!Files.isRegularFile(source)) {
            throw new ObjectStoreException(
                    ObjectStoreException.Kind.FAILED,
                    "Cannot upload " + source + " to " + object + ": not a readable regular file",
                    null);
        }
        try {
            client.uploadObject(UploadObjectArgs.builder()
                    .bucket(object.bucket())
                    .object(object.key())
                    .filename(source.toString())
                    .build());
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("upload to", object, e);
        }
    }

    @Override
    public void upload(InputStream data, long size, S3Location object) {
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or >= 0, was " + size);
        }
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(object.bucket())
                    .object(object.key())
                    .stream(data, size, size == -1 ? UNKNOWN_SIZE_PART_BYTES : -1)
                    .build());
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("upload to", object, e);
        }
    }

    @Override
    public void delete(S3Location object) {
        try {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(object.bucket()).object(object.key()).build());
        } catch (MinioException | GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw failures.map("delete", object, e);
        }
    }

    /** Releases the HTTP connection pools (a MinIO client leaves an OkHttp client it was given open). */
    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(probe);
        for (OkHttpClient c : List.of(http, probeHttp)) {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
    }

    private static void closeQuietly(MinioClient c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing a MinIO client failed", e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Cannot remove partial download {}", path, e);
        }
    }
}
