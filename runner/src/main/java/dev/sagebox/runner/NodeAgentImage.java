package dev.sagebox.runner;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ImageBuild;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.storage.LocalTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's image, built on the manager the first time a swarm job needs it: the Java runtime this server runs
 * on and this server's own classes and jars, on the Debian base the other images use (nothing is pulled). Its tag
 * names the runtime and the class path, so a server of another build makes an image of its own.
 */
final class NodeAgentImage {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgentImage.class);
    static final List<String> BASES = List.of("debian:bookworm-slim", "sagebox/debian-base:bookworm");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    /** What of a JDK the agent does not need. */
    private static final Set<String> SKIPPED = Set.of("jmods", "src.zip", "man", "demo", "include");

    private final ContainerEngine engine;
    private final Path workRoot;
    private String built; // guarded by this

    NodeAgentImage(ContainerEngine engine, Path workRoot) {
        this.engine = engine;
        this.workRoot = workRoot;
    }

    /** The agent image's name, built if this server has not built it yet. */
    synchronized String ensure() {
        if (built != null) {
            return built;
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<Path> classPath = classPath();
        String image = "sagebox/node-agent:" + fingerprint(javaHome, classPath);
        if (!engine.imageExists(image)) {
            build(image, javaHome, classPath);
        }
        built = image;
        return image;
    }

    private void build(String image, Path javaHome, List<Path> classPath) {
        String base = BASES.stream().filter(engine::imageExists).findFirst().orElseThrow(() ->
                new ContainerEngineException("No Debian base image to build the node agent on (" + String.join(" or ",
                        BASES) + "); run ./sagebox images once.", null));
        Path context;
        try {
            Files.createDirectories(workRoot);
            context = Files.createTempDirectory(workRoot, "node-agent-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the node agent's build context", e);
        }
        long started = System.nanoTime();
        try {
            copyTree(javaHome, context.resolve("jre"));
            Files.createDirectories(context.resolve("cp"));
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < classPath.size(); i++) {
                Path entry = classPath.get(i);
                String name = i + "-" + entry.getFileName();
                if (Files.isDirectory(entry)) {
                    copyTree(entry, context.resolve("cp").resolve(name));
                } else {
                    Files.copy(entry, context.resolve("cp").resolve(name));
                }
                entries.add("/opt/sagebox/cp/" + name);
            }
            Files.writeString(context.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n"
                    + "COPY jre /opt/sagebox/jre\nCOPY cp /opt/sagebox/cp\n"
                    + "ENTRYPOINT [\"/opt/sagebox/jre/bin/java\", \"-Xmx256m\", \"-XX:+UseSerialGC\", \"-cp\", \""
                    + String.join(":", entries) + "\", \"" + NodeAgent.class.getName() + "\"]\n");
            engine.buildImage(new ImageBuild(context, image, Map.of("BASE_IMAGE", base),
                    Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE), BUILD_TIMEOUT),
                    line -> LOG.debug("node agent image: {}", line));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put together the node agent's build context", e);
        } finally {
            LocalTrees.delete(context);
        }
        LOG.info("built the node agent image {} in {} ms", image, Duration.ofNanos(System.nanoTime() - started)
                .toMillis());
    }

    /** This JVM's class path, with the jars a jar's manifest adds (the launcher jar names its lib/ that way). */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                continue;
            }
            entries.add(path);
            manifestClassPath(path).forEach(entries::add);
        }
        return List.copyOf(entries);
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            String value = Optional.ofNullable(file.getManifest()).map(m -> m.getMainAttributes()
                    .getValue("Class-Path")).orElse("");
            List<Path> paths = new ArrayList<>();
            for (String name : value.trim().split("\\s+")) {
                Path p = jar.getParent().resolve(name).normalize();
                if (!name.isEmpty() && Files.exists(p)) {
                    paths.add(p);
                }
            }
            return paths;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Names the runtime and every class path entry by path, size and time. */
    private static String fingerprint(Path javaHome, List<Path> classPath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((javaHome + "\n" + System.getProperty("java.vm.version") + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path entry : classPath) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update((f + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path", e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : files.toList()) {
                Path relative = source.relativize(file);
                boolean skipped = relative.getNameCount() > 0 && (SKIPPED.contains(relative.getName(0).toString())
                        || SKIPPED.contains(relative.getFileName().toString()));
                // A JDK links to what its packages may not have installed (Debian's lib/src.zip).
                if (skipped || !Files.exists(file)) {
                    continue;
                }
                Path to = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
