package dev.sagebox.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Refusals;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * Refuses, with S3's 400 InvalidArgument, keys the filesystem store cannot hold, instead of the 500 it would answer
 * after failing to write them: a "." or ".." part (the key "." would name the bucket's own directory), a leading '/' or '\', a part longer
 * than a file name may be (255 bytes, 218 for the last part), a key longer than S3's 1024 bytes, and a key that would be both a file and a
 * directory ("a" beside "a/b"), content under a key ending in '/' (a folder).
 */
final class KeyCheckingBlobStore extends ForwardingBlobStore {
    static final int MAX_KEY_BYTES = 1024;
    /** A folder part is a directory name: 255 bytes. */
    static final int MAX_FOLDER_BYTES = 255;
    /** The last part is written as a temporary file named it plus "-" and a UUID (37 bytes) first. */
    static final int MAX_NAME_BYTES = MAX_FOLDER_BYTES - 37;

    KeyCheckingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return checked(blob, () -> super.putBlob(container, blob));
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        return checked(blob, () -> super.putBlob(container, blob, options));
    }

    @Override
    public MultipartUpload initiateMultipartUpload(String container, BlobMetadata blob, PutOptions options) {
        return checked(blob.getName(), () -> super.initiateMultipartUpload(container, blob, options));
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName,
            CopyOptions options) {
        return checked(toName, () -> super.copyBlob(fromContainer, fromName, toContainer, toName, options));
    }

    // A key the store cannot hold does not exist: reads find nothing (NoSuchKey) and deletes have nothing to do, as
    // S3 answers for any missing key; the filesystem store itself would answer a Jetty page for a ".." part.

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        return refusal(name) != null ? null : super.getBlob(container, name, options);
    }

    @Override
    public Blob getBlob(String container, String name) {
        return refusal(name) != null ? null : super.getBlob(container, name);
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        return refusal(name) != null ? null : super.blobMetadata(container, name);
    }

    @Override
    public boolean blobExists(String container, String name) {
        return refusal(name) == null && super.blobExists(container, name);
    }

    @Override
    public void removeBlob(String container, String name) {
        if (refusal(name) == null) {
            super.removeBlob(container, name);
        }
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        List<String> holdable = new ArrayList<>();
        names.forEach(name -> {
            if (refusal(name) == null) {
                holdable.add(name);
            }
        });
        super.removeBlobs(container, holdable);
    }

    /** Why the filesystem store cannot hold {@code key}, or null when it can as far as its name goes. */
    static String refusal(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "Your key is too long: S3 keys are at most " + MAX_KEY_BYTES + " bytes.";
        }
        if (key.startsWith("/") || key.startsWith("\\")) {
            return "Sagebox's filesystem store cannot hold a key that starts with '/' or '\\': " + key;
        }
        String[] parts = key.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals(".") || part.equals("..")) {
                return "Sagebox's filesystem store cannot hold a key with a '" + part + "' part: " + key;
            }
            int limit = i == parts.length - 1 ? MAX_NAME_BYTES : MAX_FOLDER_BYTES;
            if (part.getBytes(StandardCharsets.UTF_8).length > limit) {
                return "Sagebox's filesystem store keeps the '/'-separated parts of a key to " + MAX_FOLDER_BYTES
                        + " bytes, the last one to " + MAX_NAME_BYTES + " (they are file names): " + key;
            }
        }
        return null;
    }

    /** As {@link #checked(String, Supplier)}, and a key ending in '/' (a folder) holds no content. */
    private static <T> T checked(Blob blob, Supplier<T> write) {
        String key = blob.getMetadata().getName();
        Long length = blob.getMetadata().getContentMetadata().getContentLength();
        if (key.endsWith("/") && length != null && length > 0) {
            throw S3Refusals.invalidArgument("Sagebox's filesystem store keeps a key ending in '/' as a folder, which"
                    + " cannot hold content: " + key);
        }
        return checked(key, write);
    }

    private static <T> T checked(String key, Supplier<T> write) {
        String refusal = refusal(key);
        if (refusal != null) {
            throw S3Refusals.invalidArgument(refusal);
        }
        try {
            return write.get();
        } catch (RuntimeException e) {
            FileSystemException cause = fileOrFolderClash(e);
            if (cause == null) {
                throw e;
            }
            throw S3Refusals.invalidArgument("Sagebox's filesystem store cannot hold the key " + key
                    + " beside the keys already there (a key cannot also be a folder of keys, \"a\" beside \"a/b\"): "
                    + cause.getReason());
        }
    }

    /** The failure that says a file stood where a folder was needed or the other way round; other failures stay. */
    private static FileSystemException fileOrFolderClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotDirectoryException || t instanceof DirectoryNotEmptyException) {
                return (FileSystemException) t;
            }
            if (t instanceof FileSystemException f && f.getReason() != null
                    && (f.getReason().equals("Is a directory") || f.getReason().equals("Not a directory"))) {
                return f;
            }
        }
        return null;
    }
}
