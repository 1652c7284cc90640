package dev.sagebox.runner;

import dev.sagebox.storage.pipe.NamedPipes;
import dev.sagebox.storage.pipe.FifoWriter;
import dev.sagebox.storage.pipe.PipeSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The writing end of one epoch's FIFO, opened only once the epoch's first block is ready: opening a FIFO for writing
 * waits for the algorithm to open it for reading, and the time until then (the S3 request, the first object's first
 * block) is better spent before that moment than after it. One block is held back at most; after the open, writes go
 * through a buffer of the same size (whole blocks bypass it) and the kernel pipe is enlarged to {@link #PIPE_BYTES}.
 */
final class EpochOutput extends PipeSink {
    /** The FIFO's kernel buffer once open: as large as an unprivileged process may make it by default. */
    static final int PIPE_BYTES = 1 << 20;

    private final Path fifo;
    private final byte[] pending;
    private int pendingLength;
    private FifoWriter raw;
    private OutputStream out;

    EpochOutput(Path fifo, int blockSize) {
        this.fifo = fifo;
        this.pending = new byte[blockSize];
    }

    /** Whether the algorithm has opened the FIFO (our open returned). */
    boolean opened() {
        return out != null;
    }

    @Override
    public void write(int b) throws IOException {
        if (out != null) {
            out.write(b);
            return;
        }
        pending[pendingLength++] = (byte) b;
        if (pendingLength == pending.length) {
            open();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (out == null) {
            int taken = Math.min(len, pending.length - pendingLength);
            System.arraycopy(b, off, pending, pendingLength, taken);
            pendingLength += taken;
            if (pendingLength < pending.length) {
                return;
            }
            open();
            off += taken;
            len -= taken;
        }
        if (len > 0) {
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (out == null) {
            open();
        }
        out.flush();
    }

    /** Ends the epoch: opens the FIFO first if the whole epoch fitted in the held-back block. */
    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }

    /** Opens the FIFO if the held-back block has not done so yet, and flushes everything written so far. */
    @Override
    public int pipeFd() throws IOException {
        flush();
        return raw.fd();
    }

    @Override
    public void moved(long bytes) {
        // Nothing to account for: the bytes went into the same pipe, after everything written here.
    }

    private void open() throws IOException {
        raw = NamedPipes.openForWriting(fifo, pending.length);
        // The algorithm has the FIFO open now: a larger pipe buffer lets blocks reach it in one piece instead of
        // 64 KiB at a time (about 1.4x the throughput here).
        raw.enlarge(Math.max(PIPE_BYTES, pending.length));
        out = new BufferedOutputStream(raw, pending.length);
        out.write(pending, 0, pendingLength);
        pendingLength = 0;
    }
}
