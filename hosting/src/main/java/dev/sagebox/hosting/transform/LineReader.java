package dev.sagebox.hosting.transform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SplitType Line: records split on \n, a trailing \r removed, an empty last line ignored; bytes only. */
final class LineReader implements RecordReader {
    private final InputStream in;
    private final long maxBytes;
    private final byte[] buf = new byte[65536];
    private int pos;
    private int limit;
    private boolean eof;

    /** {@code maxBytes} (0: none) stops a line that can never be sent before it fills memory. */
    LineReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] next() throws IOException {
        ByteArrayOutputStream partial = null;
        while (true) {
            if (pos == limit && !fill()) {
                return partial == null || partial.size() == 0 ? null : withoutCr(partial.toByteArray(), 0, partial.size());
            }
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    byte[] line;
                    if (partial == null) {
                        line = withoutCr(buf, pos, i);
                    } else {
                        partial.write(buf, pos, i - pos);
                        line = withoutCr(partial.toByteArray(), 0, partial.size());
                    }
                    pos = i + 1;
                    return line;
                }
            }
            if (partial == null) {
                partial = new ByteArrayOutputStream(Math.max(64, (limit - pos) * 2));
            }
            partial.write(buf, pos, limit - pos);
            pos = limit;
            // One byte of slack: the line may still end in a \r that is not part of the record.
            if (maxBytes > 0 && partial.size() > maxBytes + 1) {
                throw new RecordTooLargeException(partial.size(), true, maxBytes);
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static byte[] withoutCr(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return Arrays.copyOfRange(bytes, from, end);
    }

    /** The lines of an in-memory buffer, by the same rules as the stream. */
    static List<byte[]> split(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(withoutCr(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(withoutCr(bytes, start, bytes.length));
        }
        return lines;
    }

    /** {@code bytes} without one trailing line terminator. */
    static byte[] chomp(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }
}
