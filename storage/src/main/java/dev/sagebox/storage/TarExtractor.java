package dev.sagebox.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts one .tar.gz into a directory, refusing anything that could touch a file outside it: absolute names, '..'
 * escapes, links pointing out, writes through a link extracted earlier, devices and FIFOs.
 */
final class TarExtractor {
    private final Path requestedRoot;
    private final long maxBytes;
    private long written;
    private Path root;

    /** Extracts into {@code root}, writing at most {@code maxBytes} of file contents (hard-link copies included). */
    TarExtractor(Path root, long maxBytes) {
        this.requestedRoot = root;
        this.maxBytes = maxBytes;
    }

    void extract(InputStream in) throws IOException {
        // The real path, so that checks compare like with like even when the target sits below a symbolic link.
        root = Files.createDirectories(requestedRoot).toRealPath();
        // Closing the tar stream frees the inflater; the shield leaves the caller's stream open.
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(TarGz.Shields.input(in))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = safeName(entry.getName());
                try {
                    extractEntry(tar, entry, name);
                } catch (UnsafeArchiveException | ArchiveTooLargeException e) {
                    throw e;
                } catch (IOException e) {
                    throw new IOException("Cannot extract \"" + entry.getName() + "\" into " + root + ": " + e, e);
                }
            }
        }
    }

    private void extractEntry(TarArchiveInputStream tar, TarArchiveEntry entry, String name) throws IOException {
        String raw = entry.getName();
        // Type checks come first: commons-compress also calls device and link entries "files".
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            throw new UnsafeArchiveException(raw, "device files are not allowed");
        }
        if (entry.isFIFO()) {
            throw new UnsafeArchiveException(raw, "FIFOs are not allowed");
        }
        if (entry.isSymbolicLink()) {
            extractSymbolicLink(entry, name);
        } else if (entry.isLink()) {
            extractHardLink(entry, name);
        } else if (entry.isDirectory()) {
            if (!name.isEmpty()) {
                Path dir = destination(raw, name);
                if (Files.isSymbolicLink(dir)) {
                    throw new UnsafeArchiveException(raw, "a symbolic link of the same name was extracted before");
                }
                Files.createDirectories(dir);
                applyMode(dir, entry.getMode() | 0700);
            }
        } else if (isRegularFile(entry)) {
            if (name.isEmpty()) {
                throw new UnsafeArchiveException(raw, "a file entry must have a name");
            }
            reserve(raw, entry.getSize());
            Path file = destination(raw, name);
            replaceable(raw, file);
            long copied = Files.copy(tar, file);
            if (copied != entry.getSize()) {
                throw new IOException("the entry holds " + copied + " bytes, its header says " + entry.getSize());
            }
            applyMode(file, entry.getMode() | 0600);
            FileTime modified = entry.getLastModifiedTime();
            if (modified != null) {
                Files.setLastModifiedTime(file, modified);
            }
        } else {
            throw new UnsafeArchiveException(raw, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
        }
    }

    private void extractSymbolicLink(TarArchiveEntry entry, String name) throws IOException {
        String raw = entry.getName();
        if (name.isEmpty()) {
            throw new UnsafeArchiveException(raw, "a symbolic link must have a name");
        }
        Optional<String> problem = ArchivePaths.linkProblem(name, entry.getLinkName());
        if (problem.isPresent()) {
            throw new UnsafeArchiveException(raw, problem.get());
        }
        Path link = destination(raw, name);
        replaceable(raw, link);
        Files.createSymbolicLink(link, Path.of(entry.getLinkName()));
    }

    /** A hard link becomes a copy: simpler than sharing an inode and just as correct for model files. */
    private void extractHardLink(TarArchiveEntry entry, String name) throws IOException {
        String raw = entry.getName();
        if (name.isEmpty()) {
            throw new UnsafeArchiveException(raw, "a hard link must have a name");
        }
        ArchivePaths.Normalized target = ArchivePaths.normalize(entry.getLinkName());
        if (target.path().isEmpty() || target.path().get().isEmpty()) {
            throw new UnsafeArchiveException(
                    raw, "the hard link points to \"" + entry.getLinkName() + "\", outside the target directory");
        }
        Path source = inside(raw, target.path().get());
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(
                    raw, "the hard link points to \"" + entry.getLinkName() + "\", which is not a file extracted before");
        }
        reserve(raw, Files.size(source));
        Path copy = destination(raw, name);
        replaceable(raw, copy);
        Files.copy(source, copy);
    }

    /** Counts {@code size} more bytes against the limit before they are written; refuses them if over it. */
    private void reserve(String raw, long size) throws ArchiveTooLargeException {
        if (size < 0 || size > maxBytes - written) {
            throw new ArchiveTooLargeException(raw, maxBytes);
        }
        written += size;
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static String safeName(String raw) throws UnsafeArchiveException {
        ArchivePaths.Normalized normalized = ArchivePaths.normalize(raw);
        if (normalized.path().isEmpty()) {
            throw new UnsafeArchiveException(raw, normalized.problem());
        }
        return normalized.path().get();
    }

    /** Where {@code name} goes, with its parent directories created. */
    private Path destination(String raw, String name) throws IOException {
        Path path = inside(raw, name);
        Files.createDirectories(path.getParent());
        return path;
    }

    /**
     * The path of {@code name} below the root. Refuses a path through a symbolic link (one extracted earlier, say):
     * the link may be harmless by itself yet lead this entry anywhere.
     */
    private Path inside(String raw, String name) throws UnsafeArchiveException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new UnsafeArchiveException(raw, "it would be written outside the target directory");
        }
        Path current = root;
        Path relative = root.relativize(path);
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            current = current.resolve(relative.getName(i));
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeArchiveException(
                        raw, "it would be written through the symbolic link \"" + root.relativize(current) + "\"");
            }
        }
        return path;
    }

    /** Makes room for a file or link: a later entry of the same name replaces an earlier one, as tar does. */
    private static void replaceable(String raw, Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(raw, "a directory of the same name was extracted before");
        }
        // Deleting, never opening, an existing entry: opening would follow a symbolic link.
        Files.deleteIfExists(path);
    }

    private static void applyMode(Path path, int mode) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            // Only permission bits: setuid, setgid and sticky bits from an archive are never honoured.
            view.setPermissions(TarGz.PosixModes.fromMode(mode & 0777));
        }
    }
}
