package dev.sagebox.hosting;

import dev.sagebox.storage.LocalTrees;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
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
 */
final class ModelDataStager {
    private final ObjectStore store;

    ModelDataStager(ObjectStore store) {
        this.store = store;
    }

    /** Stages {@code modelDataUrl} (or nothing) into {@code dir}; the failure text names the URL and the variant. */
    void stage(Optional<String> modelDataUrl, Path dir, String variantName) throws LaunchFailure {
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
                try (InputStream in = store.open(location)) {
                    TarGz.extract(in, dir);
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
