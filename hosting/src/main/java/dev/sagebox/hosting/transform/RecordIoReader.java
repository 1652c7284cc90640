package dev.sagebox.hosting.transform;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** SplitType RecordIO: MXNet RecordIO, a record (all its parts) returned with its framing and padding. */
final class RecordIoReader implements RecordReader {
    static final int MAGIC = 0xced7230a;
    private static final int LENGTH_MASK = (1 << 29) - 1;

    private final InputStream in;
    private final long maxBytes;
    private long offset;

    RecordIoReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] next() throws IOException {
        ByteArrayOutputStream record = null;
        byte[] header = new byte[8];
        while (true) {
            int n = RecordReader.readFully(in, header, 0, 8);
            if (n == 0 && record == null) {
                return null;
            }
            if (n < 8) {
                throw new EOFException("The object ends inside a RecordIO header at offset " + offset);
            }
            if (littleEndianInt(header, 0) != MAGIC) {
                throw new IOException("Not RecordIO: bad magic number at offset " + offset);
            }
            int word = littleEndianInt(header, 4);
            int length = word & LENGTH_MASK;
            int flag = word >>> 29;
            long padded = (length + 3L) & ~3L;
            long size = (record == null ? 0 : record.size()) + 8 + padded;
            if (maxBytes > 0 && size > maxBytes) {
                throw new RecordTooLargeException(size, maxBytes);
            }
            if (record == null) {
                if (flag != 0 && flag != 1) {
                    throw new IOException("RecordIO record at offset " + offset + " continues no record (flag " + flag + ")");
                }
                record = new ByteArrayOutputStream((int) Math.min(size, 65536));
            }
            record.write(header, 0, 8);
            RecordReader.copyExactly(in, record, padded, "RecordIO");
            offset += 8 + padded;
            // Flag 0 is a whole record, 1 starts one, 2 continues it, 3 ends it.
            if (flag == 0 || flag == 3) {
                return record.toByteArray();
            }
        }
    }

    static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
