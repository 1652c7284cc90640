package dev.sagebox.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** What a Pipe-mode epoch should carry, computed independently of Sagebox's own code. */
final class PipeBytes {
    private PipeBytes() {
    }

    static byte[] concat(List<byte[]> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        objects.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Each object as one RecordIO record: magic, length, payload, zero padding to 4 bytes, little-endian. */
    static byte[] recordIo(List<byte[]> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] o : objects) {
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xCED7230A).putInt(o.length);
            out.writeBytes(header.array());
            out.writeBytes(o);
            out.writeBytes(new byte[(4 - o.length % 4) % 4]);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
