package dev.sagebox.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs directories into a gzip'd tar (model.tar.gz, output.tar.gz) and extracts one safely.
 *
 * <p>Entries are relative to the packed directory, so its files sit at the archive root, as SageMaker's do. Packing
 * never follows symbolic links: the tree may come from a container, and a link to a host file must not leak it.
 */
public final class TarGz {
    private static final Logger LOG = LoggerFactory.getLogger(TarGz.class);

    private TarGz() {}

    /** Packs the tree under {@code dir} into {@code out}; finishes the gzip stream but leaves {@code out} open. */
    public static void pack(Path dir, OutputStream out) throws IOException {
        pack(List.of(dir), out);
    }

    /**
     * Packs several trees as one, as if copied into one directory in order: where names clash, the later tree wins
     * (SageMaker merges the model directories of all hosts this way). Leaves {@code out} open.
     */
    public static void pack(List<Path> dirs, OutputStream out) throws IOException {
        write(collect(dirs, null), out);
    }

    /** Packs the tree under {@code dir} into the file {@code archive} (which may lie inside {@code dir}). */
    public static void pack(Path dir, Path archive) throws IOException {
        Path absolute = archive.toAbsolutePath().normalize();
        Map<String, Node> nodes = collect(List.of(dir), absolute);
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(absolute)) {
            write(nodes, out);
        }
    }

    /** Extracts a .tar.gz stream into {@code target} (created if missing); refuses entries that could escape it. */
    public static void extract(InputStream in, Path target) throws IOException {
        extract(in, target, Long.MAX_VALUE);
    }

    /**
     * Extracts like {@link #extract(InputStream, Path)}, writing at most {@code maxBytes} of file contents: the entry
     * that would cross the limit is not written and {@link ArchiveTooLargeException} stops the extraction.
     */
    public static void extract(InputStream in, Path target, long maxBytes) throws IOException {
        new TarExtractor(target, maxBytes).extract(in);
    }

    /** Extracts the .tar.gz file {@code archive} into {@code target}. */
    public static void extract(Path archive, Path target) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            extract(in, target);
        }
    }

    private static Map<String, Node> collect(List<Path> dirs, Path skip) throws IOException {
        Map<String, Node> nodes = new TreeMap<>();
        for (Path dir : dirs) {
            Objects.requireNonNull(dir, "dir");
            if (!Files.isDirectory(dir)) {
                throw new IOException("Cannot pack " + dir + ": not a directory");
            }
            collect(dir, dir, skip, nodes);
        }
        return nodes;
    }

    private static void collect(Path root, Path dir, Path skip, Map<String, Node> nodes) throws IOException {
        List<Path> children;
        try (Stream<Path> listing = Files.list(dir)) {
            children = listing.sorted().toList();
        }
        for (Path child : children) {
            if (skip != null && child.toAbsolutePath().normalize().equals(skip)) {
                continue;
            }
            String name = entryName(root.relativize(child));
            BasicFileAttributes attributes =
                    Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                String target = Files.readSymbolicLink(child).toString();
                var problem = ArchivePaths.linkProblem(name, target);
                if (problem.isPresent()) {
                    LOG.warn("Not packing {}: {}", child, problem.get());
                } else {
                    put(nodes, name, new Node(child, Kind.LINK, target));
                }
            } else if (attributes.isDirectory()) {
                put(nodes, name, new Node(child, Kind.DIRECTORY, ""));
                collect(root, child, skip, nodes);
            } else if (attributes.isRegularFile()) {
                put(nodes, name, new Node(child, Kind.FILE, ""));
            } else {
                LOG.warn("Not packing {}: neither a file, a directory nor a symbolic link", child);
            }
        }
    }

    /** Adds a node the way copying over an existing tree would: directories merge, anything else replaces. */
    private static void put(Map<String, Node> nodes, String name, Node node) {
        Node existing = nodes.get(name);
        if (existing != null && existing.kind == Kind.DIRECTORY && node.kind == Kind.DIRECTORY) {
            return;
        }
        if (existing != null) {
            nodes.keySet().removeIf(key -> key.startsWith(name + "/"));
        }
        nodes.put(name, node);
    }

    private static void write(Map<String, Node> nodes, OutputStream out) throws IOException {
        // Closing the tar stream finishes the gzip trailer and frees the deflater; the shield keeps {@code out} open.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                new BufferedOutputStream(Shields.output(out), 64 * 1024), 64 * 1024))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Map.Entry<String, Node> e : nodes.entrySet()) {
                writeEntry(tar, e.getKey(), e.getValue());
            }
        }
        out.flush();
    }

    private static void writeEntry(TarArchiveOutputStream tar, String name, Node node) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(node.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        switch (node.kind) {
            case DIRECTORY -> entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            case LINK -> {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(node.linkTarget);
            }
            default -> {
                entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                entry.setSize(attributes.size());
            }
        }
        entry.setMode(mode(node));
        // Root ownership, as SageMaker's archives have: a root extractor (tarfile in a container) would otherwise
        // chown the files to whatever host user ran the packing.
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setLastModifiedTime(attributes.lastModifiedTime());
        tar.putArchiveEntry(entry);
        if (node.kind == Kind.FILE) {
            try (InputStream in = Files.newInputStream(node.path, LinkOption.NOFOLLOW_LINKS)) {
                copyExactly(in, tar, attributes.size(), node.path);
            }
        }
        tar.closeArchiveEntry();
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, Path source) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = size;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("Cannot pack " + source + ": it shrank while being packed");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private static int mode(Node node) {
        int type = switch (node.kind) {
            case DIRECTORY -> 0040000;
            case LINK -> 0120000;
            case FILE -> 0100000;
        };
        if (node.kind == Kind.LINK) {
            return type | 0777;
        }
        try {
            return type | PosixModes.toMode(Files.getPosixFilePermissions(node.path, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IOException e) {
            return type | (node.kind == Kind.DIRECTORY ? 0755 : 0644);
        }
    }

    private static String entryName(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path segment : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    private enum Kind { FILE, DIRECTORY, LINK }

    private record Node(Path path, Kind kind, String linkTarget) {}

    /** Wrappers that keep a caller's stream open when the archive streams around it are closed. */
    static final class Shields {
        private Shields() {}

        static InputStream input(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public void close() {
                    // The caller opened it and closes it.
                }
            };
        }

        static OutputStream output(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    // FilterOutputStream would write byte by byte.
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
    }

    /** Conversion between POSIX permission sets and the octal mode bits a tar header carries. */
    static final class PosixModes {
        private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };

        private PosixModes() {}

        static int toMode(Set<PosixFilePermission> permissions) {
            int mode = 0;
            for (int bit = 0; bit < BITS.length; bit++) {
                if (permissions.contains(BITS[bit])) {
                    mode |= 1 << bit;
                }
            }
            return mode;
        }

        static Set<PosixFilePermission> fromMode(int mode) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (int bit = 0; bit < BITS.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    permissions.add(BITS[bit]);
                }
            }
            return permissions;
        }
    }
}
