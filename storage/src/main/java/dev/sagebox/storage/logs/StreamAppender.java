package dev.sagebox.storage.logs;

import dev.sagebox.core.logs.LogStreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one stream's events: buffered in memory (bounded), written out when a buffer fills, when the store's
 * flusher comes by (every few tens of milliseconds) and on close, the messages first and their index records after.
 */
final class StreamAppender implements LogStreamWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamAppender.class);
    private static final int TEXT_BUFFER = 256 << 10;
    private static final int INDEX_BUFFER = 4096 * StreamFiles.RECORD;

    private final StreamFiles files;
    private final Clock clock;
    private final Consumer<StreamAppender> onClose;
    private final FileChannel log;
    private final FileChannel index;
    private final ByteBuffer text = ByteBuffer.allocate(TEXT_BUFFER);
    private final ByteBuffer records = ByteBuffer.allocate(INDEX_BUFFER);
    private long end; // guarded by this: where the next line starts in the .log, counting buffered bytes
    private long lastTimestamp; // guarded by this
    private boolean closed; // guarded by this
    private boolean failed; // guarded by this

    StreamAppender(StreamFiles files, Clock clock, Consumer<StreamAppender> onClose) throws IOException {
        this.files = files;
        this.clock = clock;
        this.onClose = onClose;
        files.repair();
        try (FileChannel existing = FileChannel.open(files.index(), StandardOpenOption.READ)) {
            long count = StreamFiles.count(existing);
            if (count > 0) {
                StreamFiles.Entry last = StreamFiles.readRecord(existing, count - 1);
                end = last.end();
                lastTimestamp = last.timestamp();
            }
        }
        this.log = FileChannel.open(files.log(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            this.index = FileChannel.open(files.index(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    StreamFiles files() {
        return files;
    }

    @Override
    public synchronized void append(Instant timestamp, String message) {
        if (closed) {
            return;
        }
        long at = Math.max(timestamp.toEpochMilli(), lastTimestamp);
        byte[] bytes = (message.indexOf('\n') >= 0 ? message.replace('\n', ' ') : message)
                .getBytes(StandardCharsets.UTF_8);
        if (text.remaining() < bytes.length + 1 || records.remaining() < StreamFiles.RECORD) {
            flush();
        }
        if (bytes.length + 1 > text.capacity()) {
            writeText(ByteBuffer.wrap(bytes));
            writeText(ByteBuffer.wrap(new byte[] {'\n'}));
        } else {
            text.put(bytes).put((byte) '\n');
        }
        end += bytes.length + 1;
        lastTimestamp = at;
        records.putLong(end).putLong(at).putLong(clock.millis());
        if (!records.hasRemaining()) {
            flush();
        }
    }

    /** Writes what is buffered: the messages, then their index records, so readers never see a record early. */
    synchronized void flush() {
        if (text.position() > 0) {
            text.flip();
            writeText(text);
            text.clear();
        }
        if (records.position() > 0) {
            records.flip();
            try {
                while (records.hasRemaining()) {
                    index.write(records);
                }
            } catch (IOException e) {
                lost(e);
            }
            records.clear();
        }
    }

    private void writeText(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                log.write(bytes);
            }
        } catch (IOException e) {
            lost(e);
        }
    }

    private void lost(IOException e) {
        // A full disk loses log events, never the container's work; one warning per stream is enough.
        if (!failed) {
            failed = true;
            LOG.warn("cannot write log stream {}: {}; its events are being lost", files.index(), e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            try {
                log.close();
                index.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", files.index(), e);
            }
        }
        onClose.accept(this);
    }
}
