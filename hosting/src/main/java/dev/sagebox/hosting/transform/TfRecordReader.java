package dev.sagebox.hosting.transform;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** SplitType TFRecord: length, its CRC, data, data CRC; returned with the framing, CRCs not checked. */
final class TfRecordReader implements RecordReader {
    private static final int FRAMING = 8 + 4 + 4;

    private final InputStream in;
    private final long maxBytes;
    private long offset;

    TfRecordReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] next() throws IOException {
        byte[] header = new byte[12];
        int n = RecordReader.readFully(in, header, 0, 12);
        if (n == 0) {
            return null;
        }
        if (n < 12) {
            throw new EOFException("The object ends inside a TFRecord header at offset " + offset);
        }
        long length = (RecordIoReader.littleEndianInt(header, 0) & 0xffffffffL)
                | (long) RecordIoReader.littleEndianInt(header, 4) << 32;
        if (length < 0 || length > Integer.MAX_VALUE - FRAMING) {
            throw new RecordTooLargeException(length < 0 ? Long.MAX_VALUE : length + FRAMING,
                    maxBytes > 0 ? maxBytes : Integer.MAX_VALUE);
        }
        long size = length + FRAMING;
        if (maxBytes > 0 && size > maxBytes) {
            throw new RecordTooLargeException(size, maxBytes);
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream((int) Math.min(size, 65536));
        record.write(header, 0, 12);
        RecordReader.copyExactly(in, record, length + 4, "TFRecord");
        offset += size;
        return record.toByteArray();
    }
}
