package dev.sagebox.api.logs;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** A short number standing for one stream of one group, so tokens and event ids name their stream. */
final class StreamTag {
    private StreamTag() {
    }

    static long of(String group, String stream) {
        CRC32 crc = new CRC32();
        crc.update(group.getBytes(StandardCharsets.UTF_8));
        crc.update(0);
        crc.update(stream.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
