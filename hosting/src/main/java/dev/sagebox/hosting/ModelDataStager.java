package dev.sagebox.hosting;

import dev.sagebox.core.InstanceTypes;
import dev.sagebox.storage.ArchiveTooLargeException;
import dev.sagebox.storage.LocalTrees;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.S3ObjectSummary;
import dev.sagebox.storage.TarGz;
import dev.sagebox.storage.UnsafeArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fetches a container's model.tar.gz from S3 and extracts it safely into the directory that is mounted read-only at
 * /opt/ml/model. A directory already staged (marker file beside it) is reused, so a restart does not download again.
 * An archive may expand to at most {@value #MAX_EXPANSION} times its own size and no more than the instance type's
 * ML storage volume ({@link InstanceTypes#hostingStorageGiB}); extraction counts the bytes as it goes and stops before
 * the entry that would cross the bound, so the expanded archive is never written.
 */
public final class ModelDataStager {
    /** How many times its compressed size an archive may expand to. */
    static final long MAX_EXPANSION = 1000;
    private final ObjectStore store;

    public ModelDataStager(ObjectStore store) {
        this.store = store;
    }

    /** Stages {@code modelDataUrl} (or nothing) into {@code dir}; the failure text names the URL and the variant. */
    public void stage(Optional<String> modelDataUrl, Path dir, String variantName, String instanceType)
            throws LaunchFailure {
        Path marker = dir.resolveSibling(dir.getFileName() + ".staged");
        if (Files.exists(marker) && Files.isDirectory(dir)) {
            return;
        }
        try {
            LocalTrees.delete(dir);
            Files.createDirectories(dir);
            if (modelDataUrl.isPresent()) {
                String url = modelDataUrl.get();
                S3Location location = S3Location.parse(url).orElseThrow(() -> new LaunchFailure(
                        "Could not download model data for production variant " + variantName + ": \"" + url
                                + "\" is not an S3 URL."));
                long compressed = store.stat(location).map(S3ObjectSummary::size).orElse(0L);
                long storage = InstanceTypes.hostingStorageGiB(instanceType) << 30;
                long expansion = Math.max(1, compressed) * MAX_EXPANSION;
                try (InputStream in = store.open(location)) {
                    TarGz.extract(in, dir, Math.min(storage, expansion));
                } catch (ArchiveTooLargeException e) {
                    LocalTrees.delete(dir);
                    throw new LaunchFailure("Failed to extract model data archive from URL \"" + url
                            + "\" for production variant " + variantName + ": " + e.getMessage() + ", "
                            + (expansion < storage
                                    ? "more than " + MAX_EXPANSION + " times its compressed size of " + compressed
                                            + " bytes"
                                    : "more than the " + (storage >> 30) + " GiB ML storage volume of an "
                                            + instanceType + " instance")
                            + ". Extraction was stopped; nothing of the entry was written.");
                }
            }
            Files.createFile(marker);
        } catch (ObjectStoreException | IOException | UncheckedIOException e) {
            throw new LaunchFailure("Failed to extract model data archive from URL \"" + modelDataUrl.orElse("")
                    + "\" for production variant " + variantName + ". Please ensure that the object located at the URL"
                    + " is a valid tar.gz archive. (" + describe(e) + ")");
        }
    }

    private static String describe(Exception e) {
        if (e instanceof UnsafeArchiveException) {
            return "unsafe archive: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
