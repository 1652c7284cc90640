package dev.sagebox.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The port through which all of Sagebox reaches S3. Every method streams: nothing holds a whole object in memory.
 * Failures surface as {@link ObjectStoreException}.
 */
public interface ObjectStore {
    /** Whether S3 answers at all (for the health check). */
    boolean isReachable();

    void createBucketIfAbsent(String bucket);

    boolean bucketExists(String bucket);

    /** Every object whose key starts with {@code prefix.key()} (a string prefix, not a folder), sorted by key. */
    List<S3ObjectSummary> list(S3Location prefix);

    Optional<S3ObjectSummary> stat(S3Location object);

    /** Opens the object for streaming; the caller closes the stream. */
    InputStream open(S3Location object);

    /**
     * Opens the object from byte {@code offset} on (for resuming a broken stream). The body's
     * {@link ObjectBody#transferTo(dev.sagebox.storage.pipe.PipeSink)} may move bytes into the pipe itself.
     */
    ObjectBody open(S3Location object, long offset);

    /** Streams the object into {@code target}, creating parent directories. */
    void download(S3Location object, Path target);

    void upload(Path source, S3Location object);

    /** Uploads {@code size} bytes from {@code data}; {@code size} -1 means unknown (multipart upload). */
    void upload(InputStream data, long size, S3Location object);

    void delete(S3Location object);
}
