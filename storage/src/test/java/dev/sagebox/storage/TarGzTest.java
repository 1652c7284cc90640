package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir Path tmp;

    @Test
    void roundTripKeepsFilesFoldersExecutableBitsAndInnerLinks() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("model"));
        write(model.resolve("model.pth"), "weights");
        write(model.resolve("code/inference.py"), "print('hi')");
        Path serve = write(model.resolve("code/serve"), "#!/bin/sh");
        Files.setPosixFilePermissions(serve, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(model.resolve("empty"));
        Files.createSymbolicLink(model.resolve("code/latest.pth"), Path.of("../model.pth"));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();

        TarGz.pack(model, archive);
        Path out = tmp.resolve("out");
        TarGz.extract(new ByteArrayInputStream(archive.toByteArray()), out);

        assertThat(entryNames(archive.toByteArray()))
                .containsExactly("code/", "code/inference.py", "code/latest.pth", "code/serve", "empty/", "model.pth");
        assertThat(out.resolve("model.pth")).hasContent("weights");
        assertThat(out.resolve("code/inference.py")).hasContent("print('hi')");
        assertThat(Files.getPosixFilePermissions(out.resolve("code/serve"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(out.resolve("empty")).isEmptyDirectory();
        assertThat(Files.readSymbolicLink(out.resolve("code/latest.pth"))).isEqualTo(Path.of("../model.pth"));
        assertThat(out.resolve("code/latest.pth")).hasContent("weights");
    }

    @Test
    void packingAndExtractingLeaveTheCallersStreamsOpen() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        write(dir.resolve("a.txt"), "a");
        boolean[] closed = new boolean[2];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        TarGz.pack(dir, bytes);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray()) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };
        TarGz.extract(in, tmp.resolve("out"));

        assertThat(closed).containsExactly(false, false);
        assertThat(tmp.resolve("out/a.txt")).hasContent("a");
    }

    @Test
    void emptyDirectoryGivesAValidEmptyArchive() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path archive = tmp.resolve("model.tar.gz");

        TarGz.pack(empty, archive);

        assertThat(entryNames(Files.readAllBytes(archive))).isEmpty();
        TarGz.extract(archive, tmp.resolve("out"));
        assertThat(tmp.resolve("out")).isEmptyDirectory();
    }

    @Test
    void packingIntoAFileInsideTheDirectoryLeavesThatFileOut() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("output"));
        write(dir.resolve("a.txt"), "a");

        TarGz.pack(dir, dir.resolve("output.tar.gz"));

        assertThat(entryNames(Files.readAllBytes(dir.resolve("output.tar.gz")))).containsExactly("a.txt");
    }

    @Test
    void packingNeverFollowsLinksOutOfTheDirectory() throws IOException {
        Path secret = write(tmp.resolve("secret.txt"), "host secret");
        Path model = Files.createDirectories(tmp.resolve("model"));
        write(model.resolve("ok.bin"), "ok");
        Files.createSymbolicLink(model.resolve("absolute"), secret);
        Files.createSymbolicLink(model.resolve("relative"), Path.of("../secret.txt"));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();

        TarGz.pack(model, archive);

        assertThat(entryNames(archive.toByteArray())).containsExactly("ok.bin");
    }

    @Test
    void severalDirectoriesMergeWithTheLaterWinning() throws IOException {
        Path host1 = Files.createDirectories(tmp.resolve("algo-1"));
        Path host2 = Files.createDirectories(tmp.resolve("algo-2"));
        write(host1.resolve("model.bin"), "from host 1");
        write(host1.resolve("only1.txt"), "1");
        write(host1.resolve("clash/inner.txt"), "dir on host 1");
        write(host2.resolve("model.bin"), "from host 2");
        write(host2.resolve("shared/two.txt"), "2");
        write(host2.resolve("clash"), "file on host 2");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();

        TarGz.pack(List.of(host1, host2), archive);
        Path out = tmp.resolve("out");
        TarGz.extract(new ByteArrayInputStream(archive.toByteArray()), out);

        assertThat(entryNames(archive.toByteArray()))
                .containsExactly("clash", "model.bin", "only1.txt", "shared/", "shared/two.txt");
        assertThat(out.resolve("model.bin")).hasContent("from host 2");
        assertThat(out.resolve("clash")).hasContent("file on host 2");
    }

    @Test
    void bigFilesAndLongNamesSurvive() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        String longName = "x".repeat(120) + "/" + "y".repeat(150) + ".bin";
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Files.createDirectories(dir.resolve(longName).getParent());
        Files.write(dir.resolve(longName), data);
        write(dir.resolve("données.txt"), "é");
        Path archive = tmp.resolve("a.tar.gz");

        TarGz.pack(dir, archive);
        TarGz.extract(archive, tmp.resolve("out"));

        assertThat(Files.readAllBytes(tmp.resolve("out").resolve(longName))).isEqualTo(data);
        assertThat(tmp.resolve("out/données.txt")).hasContent("é");
    }

    @Test
    void extractsArchivesMadeByTarWithDotSlashNames() throws IOException {
        byte[] archive = tar(dir("./"), file("./model.pth", "w"), dir("./code/"), file("./code/x.py", "x"));

        TarGz.extract(new ByteArrayInputStream(archive), tmp.resolve("out"));

        assertThat(tmp.resolve("out/model.pth")).hasContent("w");
        assertThat(tmp.resolve("out/code/x.py")).hasContent("x");
    }

    @Test
    void refusesAbsolutePaths() {
        assertUnsafe(tar(file("/etc/cron.d/evil", "x")), "/etc/cron.d/evil", "absolute paths are not allowed");
    }

    @Test
    void refusesDotDotEscapes() {
        assertUnsafe(tar(file("../evil", "x")), "../evil", "'..' would leave the target directory");
        assertUnsafe(tar(file("a/../../evil", "x")), "a/../../evil", "'..' would leave the target directory");
        assertUnsafe(tar(dir("../outside/")), "../outside/", "'..' would leave the target directory");
    }

    @Test
    void foldsDotDotThatStaysInside() throws IOException {
        TarGz.extract(new ByteArrayInputStream(tar(file("a/../b.txt", "b"))), tmp.resolve("out"));

        assertThat(tmp.resolve("out/b.txt")).hasContent("b");
    }

    @Test
    void refusesSymbolicLinksPointingOutside() {
        assertUnsafe(tar(symlink("passwd", "/etc/passwd")), "passwd", "points to the absolute path \"/etc/passwd\"");
        assertUnsafe(tar(symlink("up", "..")), "up", "outside the target directory");
        assertUnsafe(tar(symlink("a/b/up", "../../../x")), "a/b/up", "outside the target directory");
        assertUnsafe(tar(symlink("sneaky", "a/../../x")), "sneaky", "only leading '..' segments are allowed");
    }

    @Test
    void allowsSymbolicLinksThatStayInside() throws IOException {
        byte[] archive = tar(file("lib/libx.so.1", "lib"), symlink("bin/libx.so", "../lib/libx.so.1"));

        TarGz.extract(new ByteArrayInputStream(archive), tmp.resolve("out"));

        assertThat(tmp.resolve("out/bin/libx.so")).hasContent("lib");
    }

    @Test
    void refusesWritingThroughALinkExtractedEarlier() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        // "x/y/z" -> "." is harmless alone, but "x/y/z/s" -> "../../../evil" would then resolve from the root itself.
        byte[] chained = tar(symlink("x/y/z", "."), symlink("x/y/z/s", "../../../evil"));
        assertUnsafe(chained, "x/y/z/s", "written through the symbolic link \"x/y/z\"");

        byte[] through = tar(symlink("link", "sub"), dir("sub/"), file("link/f", "x"));
        assertUnsafe(through, "link/f", "written through the symbolic link \"link\"");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aLaterFileReplacesAnEarlierLinkInsteadOfWritingThroughIt() throws IOException {
        byte[] archive = tar(file("target.txt", "original"), symlink("a", "target.txt"), file("a", "replacement"));

        TarGz.extract(new ByteArrayInputStream(archive), tmp.resolve("out"));

        assertThat(tmp.resolve("out/target.txt")).hasContent("original");
        assertThat(Files.isSymbolicLink(tmp.resolve("out/a"))).isFalse();
        assertThat(tmp.resolve("out/a")).hasContent("replacement");
    }

    @Test
    void hardLinksBecomeCopiesAndMayNotPointOutside() throws IOException {
        byte[] ok = tar(file("a.bin", "data"), hardlink("b.bin", "a.bin"));
        TarGz.extract(new ByteArrayInputStream(ok), tmp.resolve("out"));
        assertThat(tmp.resolve("out/b.bin")).hasContent("data");

        assertUnsafe(tar(hardlink("h", "/etc/shadow")), "h", "outside the target directory");
        assertUnsafe(tar(hardlink("h", "../../etc/shadow")), "h", "outside the target directory");
        assertUnsafe(tar(hardlink("h", "missing")), "h", "not a file extracted before");
    }

    @Test
    void refusesDevicesAndFifos() {
        assertUnsafe(tar(special("dev/sda", TarConstants.LF_BLK)), "dev/sda", "device files are not allowed");
        assertUnsafe(tar(special("dev/null", TarConstants.LF_CHR)), "dev/null", "device files are not allowed");
        assertUnsafe(tar(special("pipe", TarConstants.LF_FIFO)), "pipe", "FIFOs are not allowed");
    }

    @Test
    void refusesNonGzipInput() {
        assertThatThrownBy(() -> TarGz.extract(new ByteArrayInputStream("not gzip".getBytes()), tmp.resolve("o")))
                .isInstanceOf(IOException.class);
    }

    // ---- helpers: archives built by hand, as an attacker would ----

    private void assertUnsafe(byte[] archive, String entry, String reason) {
        Path out = tmp.resolve("unsafe-" + System.nanoTime());
        assertThatThrownBy(() -> TarGz.extract(new ByteArrayInputStream(archive), out))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageStartingWith("Unsafe entry \"" + entry + "\" in archive: ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((UnsafeArchiveException) e).entryName()).isEqualTo(entry));
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void extractionStopsBeforeTheEntryThatWouldCrossTheByteLimitAndNeverWritesIt() throws IOException {
        byte[] archive = tar(file("small.txt", "x".repeat(1000)), file("zeros.bin", "\0".repeat(1 << 20)),
                file("after.txt", "y"));
        assertThat(archive.length).isLessThan(10_000);
        Path out = tmp.resolve("bomb");

        assertThatThrownBy(() -> TarGz.extract(new ByteArrayInputStream(archive), out, 512 * 1024))
                .isInstanceOf(ArchiveTooLargeException.class)
                .hasMessageContaining("more than 524288 bytes")
                .hasMessageContaining("zeros.bin")
                .satisfies(e -> assertThat(((ArchiveTooLargeException) e).limitBytes()).isEqualTo(512 * 1024));

        assertThat(out.resolve("small.txt")).hasSize(1000);
        assertThat(out.resolve("zeros.bin")).doesNotExist();
        assertThat(out.resolve("after.txt")).doesNotExist();
    }

    @Test
    void hardLinkCopiesCountAgainstTheLimitAndAnArchiveJustUnderItExtracts() throws IOException {
        byte[] archive = tar(file("a.bin", "a".repeat(600)), hardlink("b.bin", "a.bin"));

        TarGz.extract(new ByteArrayInputStream(archive), tmp.resolve("fits"), 1200);
        assertThat(tmp.resolve("fits/b.bin")).hasSize(600);

        assertThatThrownBy(() -> TarGz.extract(new ByteArrayInputStream(archive), tmp.resolve("over"), 1199))
                .isInstanceOf(ArchiveTooLargeException.class).hasMessageContaining("b.bin");
        assertThat(tmp.resolve("over/b.bin")).doesNotExist();
    }

    private interface EntryWriter {
        void writeTo(TarArchiveOutputStream tar) throws IOException;
    }

    private static EntryWriter file(String name, String content) {
        return tar -> {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        };
    }

    private static EntryWriter dir(String name) {
        return tar -> {
            tar.putArchiveEntry(new TarArchiveEntry(name, TarConstants.LF_DIR, true));
            tar.closeArchiveEntry();
        };
    }

    private static EntryWriter symlink(String name, String target) {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    private static EntryWriter hardlink(String name, String target) {
        return link(name, target, TarConstants.LF_LINK);
    }

    private static EntryWriter link(String name, String target, byte type) {
        return tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        };
    }

    private static EntryWriter special(String name, byte type) {
        return tar -> {
            tar.putArchiveEntry(new TarArchiveEntry(name, type, true));
            tar.closeArchiveEntry();
        };
    }

    /** A .tar.gz whose names are kept exactly as given (leading '/' and '..' included). */
    private static byte[] tar(EntryWriter... entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (EntryWriter entry : entries) {
                    entry.writeTo(tar);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> entryNames(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static Path write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }
}
