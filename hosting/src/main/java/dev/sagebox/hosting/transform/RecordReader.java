package dev.sagebox.hosting.transform;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads one record at a time from an input object; null at the end. */
interface RecordReader {
    byte[] next() throws IOException;

    /** The reader for {@code split}; records larger than {@code maxBytes} (0: no limit) fail before being read whole. */
    static RecordReader of(SplitType split, InputStream in, long maxBytes) {
        return switch (split) {
            case NONE -> new WholeObjectReader(in, maxBytes);
            case LINE -> new LineReader(in, maxBytes);
            case RECORD_IO -> new RecordIoReader(in, maxBytes);
            case TF_RECORD -> new TfRecordReader(in, maxBytes);
        };
    }

    /** Reads up to {@code len} bytes; fewer only at the end of the stream. */
    static int readFully(InputStream in, byte[] buf, int off, int len) throws IOException {
        int read = 0;
        while (read < len) {
            int n = in.read(buf, off + read, len - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /** Reads exactly {@code len} bytes into {@code out}, in chunks so a lying length cannot allocate at once. */
    static void copyExactly(InputStream in, ByteArrayOutputStream out, long len, String what) throws IOException {
        byte[] chunk = new byte[(int) Math.min(len, 65536)];
        long left = len;
        while (left > 0) {
            int n = readFully(in, chunk, 0, (int) Math.min(left, chunk.length));
            if (n == 0) {
                throw new EOFException("The object ends inside a " + what + " record");
            }
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** SplitType None: the whole object is one record (none for an empty object). */
    final class WholeObjectReader implements RecordReader {
        private final InputStream in;
        private final long maxBytes;
        private boolean done;

        WholeObjectReader(InputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public byte[] next() throws IOException {
            if (done) {
                return null;
            }
            done = true;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[65536];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
                if (maxBytes > 0 && out.size() > maxBytes) {
                    // Stop reading: the object can never be sent, so do not hold it all in memory.
                    throw new RecordTooLargeException(out.size(), true, maxBytes);
                }
            }
            return out.size() == 0 ? null : out.toByteArray();
        }
    }
}
