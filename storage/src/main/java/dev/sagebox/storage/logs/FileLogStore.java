package dev.sagebox.storage.logs;


import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogGroupSummary;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import dev.sagebox.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CloudWatch Logs kept in files: {@code <root>/<group>/<stream>.log} and {@code .idx} (see {@link StreamFiles}), group
 * and stream names encoded by {@link LogNames}. Appended events become visible to readers within
 * {@link #FLUSH_INTERVAL} (at once on close); the heap holds only the open writers' bounded buffers.
 */
public final class FileLogStore implements LogStore {
    /** How stale a reader's view of a stream being written may be. */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);
    private static final String GROUP_CREATED = "group.created";

    private final Path root;
    private final Clock clock;
    private final Map<Path, StreamAppender> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public FileLogStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        try {
            OwnerOnly.directory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + root, e);
        }
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-store-flusher");
            t.setDaemon(true);
            return t;
        });
        // The flusher is this store's own and stops at close; a failed write is counted as lost, never thrown.
        var unused = flusher.scheduleWithFixedDelay(() -> open.values().forEach(StreamAppender::flush),
                FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Path groupDir(String group) {
        return root.resolve(LogNames.encode(group));
    }

    private StreamFiles files(String group, String stream) {
        return new StreamFiles(groupDir(group), LogNames.encode(stream));
    }

    @Override
    public synchronized LogStreamWriter open(String group, String stream) {
        StreamFiles files = files(group, stream);
        StreamAppender previous = open.get(files.index());
        if (previous != null) {
            previous.close();
        }
        try {
            createGroup(group);
            files.create(clock.instant());
            StreamAppender appender = new StreamAppender(files, clock, a -> open.remove(a.files().index(), a));
            open.put(files.index(), appender);
            return appender;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log stream " + group + " " + stream, e);
        }
    }

    @Override
    public synchronized void createGroup(String group) {
        try {
            Path dir = groupDir(group);
            OwnerOnly.directory(dir);
            Path created = dir.resolve(GROUP_CREATED);
            if (!Files.exists(created)) {
                Files.writeString(created, Long.toString(clock.millis()), StandardCharsets.UTF_8);
                OwnerOnly.file(created);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log group " + group, e);
        }
    }

    @Override
    public List<LogGroupSummary> groups() {
        List<LogGroupSummary> out = new ArrayList<>();
        for (Path dir : list(root)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            long bytes = streamFiles(dir).stream().mapToLong(f -> f.facts().map(StreamFiles.Facts::storedBytes)
                    .orElse(0L)).sum();
            out.add(new LogGroupSummary(LogNames.decode(dir.getFileName().toString()), groupCreation(dir), bytes));
        }
        out.sort(Comparator.comparing(LogGroupSummary::name));
        return out;
    }

    private static Instant groupCreation(Path dir) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(Files.readString(dir.resolve(GROUP_CREATED)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public Optional<List<LogStreamSummary>> streams(String group) {
        Path dir = groupDir(group);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<LogStreamSummary> out = new ArrayList<>();
        for (StreamFiles f : streamFiles(dir)) {
            String encoded = f.index().getFileName().toString();
            String name = LogNames.decode(encoded.substring(0, encoded.length() - StreamFiles.INDEX.length()));
            f.facts().ifPresent(facts -> out.add(summary(name, facts)));
        }
        out.sort(Comparator.comparing(LogStreamSummary::name));
        return Optional.of(out);
    }

    @Override
    public Optional<LogStreamSummary> stream(String group, String stream) {
        return files(group, stream).facts().map(facts -> summary(stream, facts));
    }

    private static LogStreamSummary summary(String name, StreamFiles.Facts f) {
        return new LogStreamSummary(name, f.creation(), f.first(), f.last(), f.lastIngestion().orElse(f.creation()),
                f.count(), f.storedBytes());
    }

    @Override
    public long indexAt(String group, String stream, Instant time) {
        return files(group, stream).indexAt(time);
    }

    @Override
    public List<LogEvent> read(String group, String stream, long from, int max) {
        return files(group, stream).read(from, max);
    }

    @Override
    public synchronized void deleteStreams(String group, String streamNamePrefix) {
        Path dir = groupDir(group);
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = LogNames.encode(streamNamePrefix);
        try {
            for (StreamFiles f : streamFiles(dir)) {
                if (f.index().getFileName().toString().startsWith(prefix)) {
                    closeWriter(f);
                    f.delete();
                }
            }
            if (streamFiles(dir).isEmpty()) {
                deleteDir(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the streams " + streamNamePrefix + "* of " + group, e);
        }
    }

    @Override
    public synchronized void deleteGroup(String group) {
        Path dir = groupDir(group);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (StreamFiles f : streamFiles(dir)) {
                closeWriter(f);
                f.delete();
            }
            deleteDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the log group " + group, e);
        }
    }

    private void closeWriter(StreamFiles f) {
        StreamAppender writer = open.get(f.index());
        if (writer != null) {
            writer.close();
        }
    }

    private static void deleteDir(Path dir) throws IOException {
        for (Path p : list(dir)) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static List<StreamFiles> streamFiles(Path dir) {
        List<StreamFiles> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(StreamFiles.INDEX)) {
                out.add(new StreamFiles(dir, name.substring(0, name.length() - StreamFiles.INDEX.length())));
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        List.copyOf(open.values()).forEach(StreamAppender::close);
    }
}
