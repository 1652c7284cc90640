package dev.sagebox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the images swarm tasks run to every node without a registry on the internet: the manager's local image is
 * tagged into the cluster's registry and pushed there, and a task's image is the registry's copy. Swarm nodes cannot
 * see the server's disk, so the read-only directories a container would have bind-mounted (an endpoint's model) are
 * baked into an image of their own, {@code FROM} the container's image, named after the content, and pushed the same
 * way. A user builds an image once, on the manager.
 */
final class SwarmImages {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmImages.class);
    /** Repository of the images that carry baked directories; the tag names the content. */
    static final String BAKED_REPOSITORY = "sagebox-baked";

    private final DockerConnection connection;
    private final ContainerEngine manager;
    private final String registry;
    private final Duration timeout;
    private final Path workRoot;
    /** Registry reference to the image id pushed under it by this server. */
    private final Map<String, String> pushed = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param registry {@code host:port} of the registry every node reaches (the local cluster's is {@code 127.0.0.1:5000}
     *     on every node)
     * @param workRoot where build contexts are put together (the server's disk)
     */
    SwarmImages(DockerConnection connection, ContainerEngine manager, String registry, Duration timeout,
            Path workRoot) {
        this.connection = connection;
        this.manager = manager;
        this.registry = registry;
        this.timeout = timeout;
        this.workRoot = workRoot;
    }

    String registry() {
        return registry;
    }

    /** The registry reference of {@code image} with the binds baked in, pushed; throws NoSuchImageException. */
    String distribute(String image, List<Mount> readOnlyBinds) {
        String base = push(image);
        if (readOnlyBinds.isEmpty()) {
            return base;
        }
        String baked = registry + "/" + BAKED_REPOSITORY + ":" + fingerprint(imageId(image), readOnlyBinds);
        synchronized (locks.computeIfAbsent(baked, k -> new Object())) {
            if (!pushed.containsKey(baked)) {
                bake(image, readOnlyBinds, baked);
                pushAs(baked, baked);
            }
        }
        return baked;
    }

    /** The registry's copy of a local image, pushed if this server has not pushed this very image before. */
    String push(String image) {
        String reference = registry + "/" + repositoryPath(image);
        synchronized (locks.computeIfAbsent(reference, k -> new Object())) {
            String id = imageId(image);
            if (!id.equals(pushed.get(reference))) {
                tag(image, reference);
                pushAs(reference, image);
            }
        }
        return reference;
    }

    /**
     * An image's name in the registry: its own name and tag (latest when none), without another registry's host.
     * {@code sagebox/sklearn-iris} becomes {@code sagebox/sklearn-iris:latest}.
     */
    static String repositoryPath(String image) {
        String name = image;
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                name = name.substring(slash + 1);
            }
        }
        int lastSlash = name.lastIndexOf('/');
        if (name.indexOf(':', lastSlash + 1) < 0) {
            name = name + ":latest";
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private String imageId(String image) {
        return connection.call("inspect image " + image, c -> {
            try {
                return c.inspectImageCmd(image).exec().getId();
            } catch (NotFoundException e) {
                throw new NoSuchImageException(image, e);
            }
        });
    }

    private void tag(String image, String reference) {
        int colon = reference.lastIndexOf(':');
        connection.call("tag image " + image, c -> {
            c.tagImageCmd(image, reference.substring(0, colon), reference.substring(colon + 1)).withForce().exec();
            return null;
        });
    }

    private void pushAs(String reference, String source) {
        int colon = reference.lastIndexOf(':');
        List<String> errors = new ArrayList<>();
        long started = System.nanoTime();
        connection.stream("push image " + reference, c -> {
            var callback = c.pushImageCmd(reference.substring(0, colon)).withTag(reference.substring(colon + 1))
                    .exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                errors.add(String.valueOf(item.getErrorDetail().getMessage()));
                            }
                        }
                    });
            try {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ContainerEngineException("pushing " + reference + " to the registry took longer than "
                            + timeout, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerEngineException("interrupted while pushing " + reference, e);
            } finally {
                try {
                    callback.close();
                } catch (IOException e) {
                    // the push is over either way
                }
            }
            return null;
        });
        if (!errors.isEmpty()) {
            throw new ContainerEngineException("The swarm registry " + registry + " refused " + reference + ": "
                    + errors.get(0) + ". Start it with ./sagebox cluster up, or set SAGEBOX_SWARM_REGISTRY to the"
                    + " registry every node reaches.", null);
        }
        pushed.put(reference, imageId(reference));
        LOG.info("pushed {} as {} to the swarm registry in {} ms", source, reference,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Builds {@code FROM image} plus each bind's directory copied to its target, tagged {@code reference}. */
    private void bake(String image, List<Mount> binds, String reference) {
        Path context;
        try {
            Files.createDirectories(workRoot);
            context = Files.createTempDirectory(workRoot, "bake-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a build context under " + workRoot, e);
        }
        try {
            StringBuilder dockerfile = new StringBuilder("FROM ").append(image).append('\n');
            for (int i = 0; i < binds.size(); i++) {
                copyTree(Path.of(binds.get(i).source()), context.resolve("bind" + i));
                dockerfile.append("COPY bind").append(i).append("/ ").append(binds.get(i).target()).append("/\n");
            }
            Files.writeString(context.resolve("Dockerfile"), dockerfile.toString());
            manager.buildImage(new ImageBuild(context, reference, Map.of(),
                    Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE), timeout),
                    line -> LOG.debug("bake {}: {}", reference, line));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put together the build context of " + reference, e);
        } finally {
            deleteTree(context);
        }
    }

    /**
     * Names the baked content: the base image's id and, for each bind, its target and every file's relative path and
     * bytes. Times are left out (archives made reproducibly all carry one), so two models that differ only in bytes
     * never share an image, and a model staged again with the same bytes reuses its image.
     */
    static String fingerprint(String imageId, List<Mount> binds) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(imageId.getBytes(StandardCharsets.UTF_8));
        for (Mount bind : binds) {
            Path root = Path.of(bind.source());
            sha.update(("\n" + bind.target() + "\n").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted().toList()) {
                    boolean regular = Files.isRegularFile(file);
                    sha.update((root.relativize(file) + (regular ? "\tfile\t" + Files.size(file) : "\tdir") + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    if (regular) {
                        try (var in = Files.newInputStream(file)) {
                            byte[] buffer = new byte[1 << 16];
                            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                                sha.update(buffer, 0, n);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + root + " to ship it to the swarm", e);
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the build context {}: {}", root, e.getMessage());
        }
    }
}
