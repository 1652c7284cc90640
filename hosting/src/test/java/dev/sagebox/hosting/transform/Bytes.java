package dev.sagebox.hosting.transform;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Test helpers: text to bytes and back, framing, collecting payloads. */
final class Bytes {
    private Bytes() {
    }

    static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static InputStream in(String text) {
        return new ByteArrayInputStream(b(text));
    }

    static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    static List<Payload> all(Iterator<Payload> payloads) {
        List<Payload> out = new ArrayList<>();
        payloads.forEachRemaining(out::add);
        return out;
    }

    static List<String> bodies(List<Payload> payloads) {
        return payloads.stream().map(p -> s(p.body())).toList();
    }

    static List<String> records(Payload payload) {
        return payload.records().stream().map(Bytes::s).toList();
    }

    static TransformRecords csv(SplitType split, BatchStrategy strategy, long max, DataProcessing processing) {
        return new TransformRecords(split, strategy, max, processing, Optional.of("text/csv"), Optional.of("text/csv"));
    }

    static TransformRecords json(SplitType split, BatchStrategy strategy, long max, DataProcessing processing) {
        return new TransformRecords(split, strategy, max, processing, Optional.of("application/json"),
                Optional.of("application/json"));
    }

    static DataProcessing processing(String input, String output, JoinSource join) {
        return new DataProcessing(Optional.ofNullable(input), Optional.ofNullable(output), join);
    }

    /** One MXNet RecordIO part: magic, length and flag, data, zero padding to 4 bytes. */
    static byte[] recordIoPart(byte[] data, int flag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeIntLe(out, 0xced7230a);
        writeIntLe(out, data.length | flag << 29);
        out.write(data, 0, data.length);
        for (int i = data.length; i % 4 != 0; i++) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** One TFRecord: length, a CRC placeholder, data, a CRC placeholder (CRCs are not checked). */
    static byte[] tfRecord(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeIntLe(out, data.length);
        writeIntLe(out, 0);
        writeIntLe(out, 0x11111111);
        out.write(data, 0, data.length);
        writeIntLe(out, 0x22222222);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
