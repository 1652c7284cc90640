package dev.sagebox.storage.logs;

import dev.sagebox.storage.OwnerOnly;

import dev.sagebox.core.logs.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two files of one stream. {@code <name>.log} holds the messages, one per line, exactly as written (so
 * {@code tail -F} follows it). {@code <name>.idx} starts with a header (magic, creation millis) followed by one
 * fixed-width record per event: the end offset of its line in the .log, its timestamp and its ingestion time, in
 * millis. Reading event i is two positional reads; finding a time is a binary search; nothing is kept in memory.
 * The .log is written before the .idx, so an event is visible only once both are there; a crash can leave a torn
 * record or unindexed lines at the ends, which {@link #repair} cuts off.
 */
final class StreamFiles {
    static final String LOG = ".log";
    static final String INDEX = ".idx";
    static final long MAGIC = 0x5347424c4f473031L; // "SGBLOG01"
    static final int HEADER = 16;
    static final int RECORD = 24;

    private final Path log;
    private final Path index;

    StreamFiles(Path directory, String encodedName) {
        this.log = directory.resolve(encodedName + LOG);
        this.index = directory.resolve(encodedName + INDEX);
    }

    Path log() {
        return log;
    }

    Path index() {
        return index;
    }

    boolean exists() {
        return Files.isRegularFile(index);
    }

    /** Creates both files with the header, unless they exist. */
    void create(Instant creation) throws IOException {
        if (exists()) {
            return;
        }
        OwnerOnly.directory(index.getParent());
        if (!Files.exists(log)) {
            Files.createFile(log, OwnerOnly.fileAttributes());
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(creation.toEpochMilli()).flip();
        Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), OwnerOnly.fileAttributes())) {
            ch.write(header);
        }
        Files.move(tmp, index, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Cuts a torn last index record and any message bytes no record covers (after a crash). */
    void repair() throws IOException {
        try (FileChannel idx = FileChannel.open(index, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel lg = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long whole = HEADER + (Math.max(0, idx.size() - HEADER) / RECORD) * RECORD;
            if (idx.size() > whole) {
                idx.truncate(whole);
            }
            long count = (whole - HEADER) / RECORD;
            long end = count == 0 ? 0 : readRecord(idx, count - 1).end();
            if (lg.size() > end) {
                lg.truncate(end);
            }
        }
    }

    /** One index record. */
    record Entry(long end, long timestamp, long ingestion) {
    }

    static Entry readRecord(FileChannel idx, long i) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(RECORD);
        readFully(idx, b, HEADER + i * RECORD);
        b.flip();
        return new Entry(b.getLong(), b.getLong(), b.getLong());
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + ch + " at " + at);
            }
            at += n;
        }
    }

    /** What a summary needs, read from the files. */
    record Facts(Instant creation, long count, Optional<Instant> first, Optional<Instant> last,
            Optional<Instant> lastIngestion, long storedBytes) {
    }

    Optional<Facts> facts() {
        try (FileChannel idx = FileChannel.open(index, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(idx, header, 0);
            header.flip();
            header.getLong();
            Instant creation = Instant.ofEpochMilli(header.getLong());
            long count = count(idx);
            if (count == 0) {
                return Optional.of(new Facts(creation, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0));
            }
            Entry first = readRecord(idx, 0);
            Entry last = readRecord(idx, count - 1);
            return Optional.of(new Facts(creation, count, Optional.of(Instant.ofEpochMilli(first.timestamp())),
                    Optional.of(Instant.ofEpochMilli(last.timestamp())),
                    Optional.of(Instant.ofEpochMilli(last.ingestion())), last.end()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    static long count(FileChannel idx) throws IOException {
        return Math.max(0, idx.size() - HEADER) / RECORD;
    }

    long indexAt(Instant time) {
        long t = time.toEpochMilli();
        try (FileChannel idx = FileChannel.open(index, StandardOpenOption.READ)) {
            long low = 0;
            long high = count(idx);
            while (low < high) {
                long mid = (low + high) >>> 1;
                if (readRecord(idx, mid).timestamp() < t) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    List<LogEvent> read(long from, int max) {
        if (max <= 0 || from < 0) {
            return List.of();
        }
        try (FileChannel idx = FileChannel.open(index, StandardOpenOption.READ);
                FileChannel lg = FileChannel.open(log, StandardOpenOption.READ)) {
            long count = count(idx);
            if (from >= count) {
                return List.of();
            }
            int n = (int) Math.min(max, count - from);
            ByteBuffer records = ByteBuffer.allocate(n * RECORD);
            readFully(idx, records, HEADER + from * RECORD);
            records.flip();
            long start = from == 0 ? 0 : readRecord(idx, from - 1).end();
            long end = records.getLong((n - 1) * RECORD);
            ByteBuffer text = ByteBuffer.allocate(Math.toIntExact(end - start));
            readFully(lg, text, start);
            byte[] bytes = text.array();
            List<LogEvent> events = new ArrayList<>(n);
            long lineStart = start;
            for (int i = 0; i < n; i++) {
                long lineEnd = records.getLong();
                long timestamp = records.getLong();
                long ingestion = records.getLong();
                int offset = (int) (lineStart - start);
                int length = (int) (lineEnd - lineStart) - 1; // without the '\n'
                events.add(new LogEvent(from + i, Instant.ofEpochMilli(timestamp), Instant.ofEpochMilli(ingestion),
                        new String(bytes, offset, Math.max(0, length), StandardCharsets.UTF_8)));
                lineStart = lineEnd;
            }
            return events;
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(index);
        Files.deleteIfExists(log);
    }
}
