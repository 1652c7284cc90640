package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.storage.pipe.FifoWriter;
import dev.sagebox.storage.pipe.PipeSink;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/** The write end of a FIFO ({@link FifoWriter}, as Pipe mode writes one), read by another thread. */
final class FifoSink<T> extends PipeSink {
    /** What the reading thread makes of the FIFO's bytes. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private final FifoWriter out;
    private final CompletableFuture<T> received;
    private final AtomicLong moved = new AtomicLong();
    private boolean closed;

    private FifoSink(FifoWriter out, CompletableFuture<T> received) {
        this.out = out;
        this.received = received;
    }

    static void mkfifo(Path fifo) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    }

    /** Makes the FIFO, starts its reader on {@code readers}, and opens the write end (which waits for the reader). */
    static <T> FifoSink<T> open(Path fifo, Reader<T> reader, Executor readers) throws IOException,
            InterruptedException {
        mkfifo(fifo);
        CompletableFuture<T> received = CompletableFuture.supplyAsync(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, readers);
        return new FifoSink<>(FifoWriter.open(fifo, 64 * 1024), received);
    }

    /** Opens the write end of an existing FIFO whose reader the caller runs. */
    static FifoSink<Void> openWriter(Path fifo) throws IOException {
        return new FifoSink<>(FifoWriter.open(fifo, 64 * 1024), CompletableFuture.completedFuture(null));
    }

    /** Every byte of {@code in}; not readAllBytes, which on JDK 17 can fail on a FIFO with "Illegal seek". */
    static byte[] allBytes(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    long moved() {
        return moved.get();
    }

    @Override
    public int pipeFd() {
        return out.fd();
    }

    @Override
    public void moved(long bytes) {
        moved.addAndGet(bytes);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Closes the write end (the reader sees the end) and returns what the reader made of it. */
    T closeAndReceived() throws IOException {
        close();
        return received.join();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
