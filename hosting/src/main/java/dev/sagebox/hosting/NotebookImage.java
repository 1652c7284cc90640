package dev.sagebox.hosting;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ImageBuild;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Sagebox's own notebook image, built the first time an instance needs it from the context shipped in the jar (the
 * same one {@code ./sagebox images notebook} builds), on a Debian base already present: nothing is pulled. One build
 * runs at a time; instances that need the image meanwhile wait for it.
 */
final class NotebookImage {
    /** The context's files, as packaged under {@code images/notebook/}. */
    static final List<String> CONTEXT = List.of("Dockerfile", "sagebox_endpoints.py", "sagebox_endpoints.pth");
    /** The bases {@code docker/scripts/build-images.sh} builds on, in its order of preference. */
    static final List<String> BASES = List.of("debian:bookworm-slim", "sagebox/debian-base:bookworm");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

    private final ContainerEngine engine;

    NotebookImage(ContainerEngine engine) {
        this.engine = engine;
    }

    /**
     * Builds {@code image} unless it exists, reporting the build's output to {@code progress}. Only Sagebox's own
     * image is built; any other that is missing is a failure the caller reports.
     */
    synchronized void ensure(String image, Consumer<String> progress) throws NotebookLaunchFailure {
        if (!image.equals(NotebookSettings.DEFAULT_IMAGE) || engine.imageExists(image)) {
            return;
        }
        Optional<String> base = BASES.stream().filter(engine::imageExists).findFirst();
        if (base.isEmpty()) {
            throw new NotebookLaunchFailure("The notebook image " + image + " does not exist, and neither does a"
                    + " Debian base to build it on (" + String.join(" or ", BASES) + "); Sagebox never pulls"
                    + " images: run ./sagebox images notebook once (as root it makes the base with debootstrap).");
        }
        progress.accept("Building the notebook image " + image + " on " + base.get()
                + " (the first notebook instance of this engine; later ones start at once)");
        Path context = extract();
        try {
            engine.buildImage(new ImageBuild(context, image, Map.of("BASE_IMAGE", base.get()), Map.of(),
                    BUILD_TIMEOUT), progress);
        } catch (ContainerEngineException e) {
            throw new NotebookLaunchFailure("Could not build the notebook image " + image + ": " + e.getMessage());
        } finally {
            delete(context);
        }
        progress.accept("Built the notebook image " + image);
    }

    private static Path extract() {
        try {
            Path dir = Files.createTempDirectory("sagebox-notebook-image");
            for (String name : CONTEXT) {
                try (InputStream in = NotebookImage.class.getResourceAsStream("/images/notebook/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the notebook image's " + name + " is not in this build");
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the notebook image's context", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
