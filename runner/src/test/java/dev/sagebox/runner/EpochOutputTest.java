package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sagebox.storage.pipe.NamedPipes;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One epoch's FIFO, opened for writing only once its first block is ready. */
class EpochOutputTest {
    private static final int BLOCK = 64 * 1024;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path fifo;

    @BeforeEach
    void fifo() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "mkfifo");
        fifo = dir.resolve("train_0");
        NamedPipes.create(fifo);
    }

    @Test
    void holdsTheFirstBlockBackWithoutOpeningThenDeliversEveryByteInOrder() throws Exception {
        byte[] data = new byte[3 * BLOCK + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        EpochOutput out = new EpochOutput(fifo, BLOCK);
        // No reader yet: a write short of one block returns at once, since the FIFO is not opened.
        assertTimeoutPreemptively(LIMIT, () -> out.write(data, 0, BLOCK - 1));
        assertThat(out.opened()).isFalse();
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(this::readAll);
        out.write(data, BLOCK - 1, 2);
        assertThat(out.opened()).isTrue();
        out.write(data, BLOCK + 1, data.length - BLOCK - 1);
        out.close();
        assertThat(Arrays.equals(received.get(30, TimeUnit.SECONDS), data)).isTrue();
    }

    @Test
    void anEpochSmallerThanABlockIsDeliveredWhenItEnds() throws Exception {
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(this::readAll);
        try (EpochOutput out = new EpochOutput(fifo, BLOCK)) {
            out.write(1);
            out.write(new byte[] {2, 3});
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    }

    private byte[] readAll() {
        // transferTo, not readAllBytes: this JDK's FileInputStream.readAllBytes asks a FIFO for its position and fails.
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
