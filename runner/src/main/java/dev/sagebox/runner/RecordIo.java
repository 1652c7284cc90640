package dev.sagebox.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MXNet/dmlc RecordIO framing, as SageMaker wraps each object in Pipe mode: {@code uint32 magic 0xCED7230A},
 * {@code uint32 (cflag << 29) | length}, the payload, zero padding to 4 bytes; little-endian. A payload of 2^29 bytes
 * or more is split into first (cflag 1), middle (2) and last (3) parts.
 */
final class RecordIo {
    static final int MAGIC = 0xCED7230A;
    static final long MAX_PART = (1L << 29) - 1;

    private RecordIo() {
    }

    /** Writes {@code length} bytes of {@code payload} as one record. */
    static void writeRecord(InputStream payload, long length, OutputStream out, byte[] buffer) throws IOException {
        if (length <= MAX_PART) {
            writePart(payload, length, 0, out, buffer);
            return;
        }
        long remaining = length;
        boolean first = true;
        while (remaining > 0) {
            long part = Math.min(remaining, MAX_PART);
            int cflag = first ? 1 : remaining == part ? 3 : 2;
            writePart(payload, part, cflag, out, buffer);
            remaining -= part;
            first = false;
        }
    }

    private static void writePart(InputStream payload, long length, int cflag, OutputStream out, byte[] buffer)
            throws IOException {
        writeLittleEndian(out, MAGIC);
        writeLittleEndian(out, (cflag << 29) | (int) length);
        long left = length;
        while (left > 0) {
            // Whole blocks, so that the writes bypass the caller's output buffer (see PipeChannelFeeder).
            int n = payload.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
            if (n == 0) {
                throw new IOException("payload ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        int padding = (int) (((length + 3) & ~3L) - length);
        for (int i = 0; i < padding; i++) {
            out.write(0);
        }
    }

    private static void writeLittleEndian(OutputStream out, int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
