package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIFOs as Pipe mode uses them: created with mkfifo, their kernel buffer enlarged once both ends are open. */
class NamedPipesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "FIFO buffers are sized the Linux way");
    }

    @Test
    void enlargesTheBufferOfAnOpenFifoAndEveryByteStillArrives() throws Exception {
        // Read line by line: /proc files report size 0, which Files.readString trusts and then reads short.
        long maxSize = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).strip());
        assumeTrue(maxSize >= MIB, "this host caps pipes below 1 MiB");
        Path fifo = dir.resolve("train_0");
        NamedPipes.create(fifo);
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> drain(fifo));
        byte[] block = new byte[MIB];
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            // The open above returned, so the reader has the FIFO open too.
            assertThat(NamedPipes.enlarge(fifo, MIB)).isGreaterThanOrEqualTo(MIB);
            for (int i = 0; i < 3; i++) {
                out.write(block);
            }
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(3L * MIB);
    }

    @Test
    void aFifoWhoseReaderIsGoneIsLeftAlone() {
        Path fifo = dir.resolve("train_1");
        NamedPipes.create(fifo);
        assertThat(NamedPipes.enlarge(fifo, MIB)).isEqualTo(-1);
    }

    @Test
    void somethingThatIsNoPipeIsLeftAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "data");
        assertThat(NamedPipes.enlarge(file, MIB)).isEqualTo(-1);
        assertThat(Files.readString(file)).isEqualTo("data");
    }

    private static long drain(Path fifo) {
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
