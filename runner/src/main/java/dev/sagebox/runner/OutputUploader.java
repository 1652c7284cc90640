package dev.sagebox.runner;

import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Packs every host's {@code /opt/ml/model} into {@code model.tar.gz} (files at the archive root, hosts merged) and
 * {@code /opt/ml/output/data} into {@code output.tar.gz}, and uploads both beside each other; reads failure files.
 */
final class OutputUploader {
    private static final int FAILURE_LIMIT = 1024;

    private final ObjectStore store;

    OutputUploader(ObjectStore store) {
        this.store = store;
    }

    void upload(TrainingSpec spec, JobWorkspace workspace) {
        List<String> hosts = workspace.hosts();
        archive(workspace, hosts.stream().map(workspace::modelDir).toList(), "model.tar.gz", spec.modelArtifactsUri());
        archive(workspace, hosts.stream().map(workspace::outputDataDir).toList(), "output.tar.gz",
                spec.outputDataUri());
    }

    private void archive(JobWorkspace workspace, List<Path> dirs, String name, String uri) {
        Path archive = workspace.scratch().resolve(name);
        try {
            Files.createDirectories(archive.getParent());
            try (var out = Files.newOutputStream(archive)) {
                TarGz.pack(dirs.stream().filter(Files::isDirectory).toList(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + name, e);
        }
        store.upload(archive, S3Location.parse(uri).orElseThrow(() ->
                new IllegalArgumentException("S3OutputPath is not an S3 URI: " + uri)));
    }

    /** The first 1024 characters of the host's {@code /opt/ml/output/failure}, if it wrote one. */
    static Optional<String> failureText(JobWorkspace workspace, String host) {
        Path file = workspace.failureFile(host);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(text.length() > FAILURE_LIMIT ? text.substring(0, FAILURE_LIMIT) : text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
