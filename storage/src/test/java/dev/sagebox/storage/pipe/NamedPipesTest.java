package dev.sagebox.storage.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIFOs as Pipe mode uses them: created with mkfifo, written through libc, their kernel buffer enlarged. */
class NamedPipesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "FIFOs are written the Linux way");
    }

    @Test
    void everyByteArrivesInOrderThroughAnEnlargedPipe() throws Exception {
        // Read line by line: /proc files report size 0, which Files.readString trusts and then reads short.
        long maxSize = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).strip());
        assumeTrue(maxSize >= MIB, "this host caps pipes below 1 MiB");
        Path fifo = dir.resolve("train_0");
        NamedPipes.create(fifo);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(fifo));
        byte[] data = new byte[3 * MIB + 4321];
        new Random(5).nextBytes(data);
        // A native buffer smaller than the writes: each write goes out in several pieces.
        try (FifoWriter out = NamedPipes.openForWriting(fifo, 256 * 1024)) {
            // The open returned, so the reader has the FIFO open too.
            assertThat(out.enlarge(MIB)).isGreaterThanOrEqualTo(MIB);
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + out.fd()))).isEqualTo(fifo);
            out.write(data, 0, 2 * MIB + 1);
            out.write(data[2 * MIB + 1]);
            out.write(data, 2 * MIB + 2, data.length - (2 * MIB + 2));
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(data);
    }

    @Test
    void writingAfterTheReaderLeftFailsAsABrokenPipe() throws Exception {
        Path fifo = dir.resolve("train_1");
        NamedPipes.create(fifo);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                return in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (FifoWriter out = NamedPipes.openForWriting(fifo, 64 * 1024)) {
            out.write(7);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(7);
            assertThatThrownBy(() -> out.write(new byte[MIB], 0, MIB))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Broken pipe");
        }
    }

    @Test
    void closingTwiceIsHarmlessAndWritingAfterCloseFails() throws Exception {
        Path fifo = dir.resolve("train_2");
        NamedPipes.create(fifo);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(fifo));
        FifoWriter out = NamedPipes.openForWriting(fifo, 1024);
        out.write(new byte[] {1, 2, 3});
        out.close();
        out.close();

        assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> out.write(4)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    private static byte[] readAll(Path fifo) {
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
