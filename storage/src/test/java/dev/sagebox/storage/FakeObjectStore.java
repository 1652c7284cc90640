package dev.sagebox.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory {@link ObjectStore} with switches for the failures the real one reports; held to
 * {@link MinioObjectStore} by {@link ObjectStoreContract}.
 */
final class FakeObjectStore implements ObjectStore {
    private final Map<String, TreeMap<String, byte[]>> buckets = new TreeMap<>();
    private final Set<String> denied = new HashSet<>();
    private boolean reachable = true;
    private boolean reverseListings;

    FakeObjectStore put(String uri, String content) {
        S3Location location = S3Location.parse(uri).orElseThrow();
        createBucketIfAbsent(location.bucket());
        buckets.get(location.bucket()).put(location.key(), content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Every later call on {@code bucket} fails with ACCESS_DENIED. */
    void deny(String bucket) {
        denied.add(bucket);
    }

    /** Lists in reverse key order, to show callers do not lean on the adapter's order. */
    void reverseListings() {
        reverseListings = true;
    }

    void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public boolean isReachable() {
        return reachable;
    }

    @Override
    public void createBucketIfAbsent(String bucket) {
        check(new S3Location(bucket, ""));
        buckets.computeIfAbsent(bucket, b -> new TreeMap<>());
    }

    @Override
    public boolean bucketExists(String bucket) {
        check(new S3Location(bucket, ""));
        return buckets.containsKey(bucket);
    }

    @Override
    public List<S3ObjectSummary> list(S3Location prefix) {
        List<S3ObjectSummary> result = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : bucket(prefix).tailMap(prefix.key()).entrySet()) {
            if (!e.getKey().startsWith(prefix.key())) {
                break;
            }
            if (!e.getKey().endsWith("/")) {
                result.add(new S3ObjectSummary(new S3Location(prefix.bucket(), e.getKey()), e.getValue().length));
            }
        }
        if (reverseListings) {
            Collections.reverse(result);
        }
        return List.copyOf(result);
    }

    @Override
    public Optional<S3ObjectSummary> stat(S3Location object) {
        check(object);
        // S3 answers HEAD with a bare 404 whether the bucket or the key is missing.
        byte[] data = buckets.getOrDefault(object.bucket(), new TreeMap<>()).get(object.key());
        return data == null ? Optional.empty() : Optional.of(new S3ObjectSummary(object, data.length));
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
        byte[] data = bucket(object).get(object.key());
        if (data == null) {
            throw new ObjectStoreException(ObjectStoreException.Kind.NO_SUCH_KEY, "No such key " + object, null);
        }
        if (offset > data.length) {
            throw new ObjectStoreException(
                    ObjectStoreException.Kind.FAILED,
                    "Cannot read " + object + " from byte " + offset + ": the object has only " + data.length + " bytes",
                    null);
        }
        return ObjectBody.of(new ByteArrayInputStream(data, (int) offset, data.length));
    }

    @Override
    public void download(S3Location object, Path target) {
        try (InputStream in = open(object)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw failed("download " + object + " to " + target, e);
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
        TreeMap<String, byte[]> bucket = bucket(object);
        try {
            bucket.put(object.key(), Files.readAllBytes(source));
        } catch (IOException e) {
            throw failed("upload to " + object, e);
        }
    }

    @Override
    public void upload(InputStream data, long size, S3Location object) {
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or >= 0, was " + size);
        }
        TreeMap<String, byte[]> bucket = bucket(object);
        try {
            // As the real client: a known size is read exactly, and a stream that ends early stores nothing.
            byte[] bytes = size == -1 ? data.readAllBytes() : data.readNBytes(Math.toIntExact(size));
            if (bytes.length < size) {
                throw new ObjectStoreException(ObjectStoreException.Kind.FAILED, "Cannot upload to " + object
                        + ": the stream ended after " + bytes.length + " of " + size + " bytes", null);
            }
            bucket.put(object.key(), bytes);
        } catch (IOException e) {
            throw failed("upload to " + object, e);
        }
    }

    private static ObjectStoreException failed(String action, IOException e) {
        return new ObjectStoreException(ObjectStoreException.Kind.FAILED, "Cannot " + action + ": " + e, e);
    }

    @Override
    public void delete(S3Location object) {
        bucket(object).remove(object.key());
    }

    private TreeMap<String, byte[]> bucket(S3Location where) {
        check(where);
        TreeMap<String, byte[]> bucket = buckets.get(where.bucket());
        if (bucket == null) {
            throw new ObjectStoreException(ObjectStoreException.Kind.NO_SUCH_BUCKET, "No such bucket " + where, null);
        }
        return bucket;
    }

    private void check(S3Location where) {
        if (!reachable) {
            throw new ObjectStoreException(ObjectStoreException.Kind.UNREACHABLE, "Unreachable: " + where, null);
        }
        if (denied.contains(where.bucket())) {
            throw new ObjectStoreException(ObjectStoreException.Kind.ACCESS_DENIED, "Denied: " + where, null);
        }
    }
}
