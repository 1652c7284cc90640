package dev.sagebox.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogStoreTest {
    static final String GROUP = "/aws/sagemaker/TrainingJobs";
    static final String STREAM = "job-1/algo-1-1700000000";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path root;

    final AtomicLong now = new AtomicLong(T0.toEpochMilli() + 500);
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    private FileLogStore store() {
        return new FileLogStore(root, clock);
    }

    private static void write(FileLogStore store, String group, String stream, int count) {
        try (LogStreamWriter w = store.open(group, stream)) {
            for (int i = 0; i < count; i++) {
                w.append(T0.plusMillis(i), "line " + i);
            }
        }
    }

    @Test
    void eventsComeBackInWriteOrderWithTheirTimesAndPositions() {
        try (FileLogStore store = store()) {
            write(store, GROUP, STREAM, 10_000);
            List<LogEvent> events = store.read(GROUP, STREAM, 9_990, 100);
            assertThat(events).hasSize(10);
            assertThat(events.get(0)).isEqualTo(new LogEvent(9_990, T0.plusMillis(9_990), clock.instant(),
                    "line 9990"));
            assertThat(store.read(GROUP, STREAM, 0, 3)).extracting(LogEvent::message)
                    .containsExactly("line 0", "line 1", "line 2");
            assertThat(store.read(GROUP, STREAM, 10_000, 10)).isEmpty();
            assertThat(store.read(GROUP, "no-such-stream", 0, 10)).isEmpty();
        }
    }

    @Test
    void aLateTimestampIsRaisedSoTimesNeverGoBackAndUnicodeAndLineBreaksSurvive() {
        try (FileLogStore store = store()) {
            try (LogStreamWriter w = store.open(GROUP, STREAM)) {
                w.append(T0.plusSeconds(5), "first");
                w.append(T0, "second, stamped earlier");
                w.append(T0.plusSeconds(6), "grüße ✓");
                w.append(T0.plusSeconds(7), "two\nlines");
            }
            assertThat(store.read(GROUP, STREAM, 0, 10)).extracting(LogEvent::timestamp)
                    .containsExactly(T0.plusSeconds(5), T0.plusSeconds(5), T0.plusSeconds(6), T0.plusSeconds(7));
            assertThat(store.read(GROUP, STREAM, 2, 10)).extracting(LogEvent::message)
                    .containsExactly("grüße ✓", "two lines");
        }
    }

    @Test
    void indexAtFindsTheFirstEventAtOrAfterATime() {
        try (FileLogStore store = store()) {
            write(store, GROUP, STREAM, 1_000);
            assertThat(store.indexAt(GROUP, STREAM, T0.minusSeconds(1))).isZero();
            assertThat(store.indexAt(GROUP, STREAM, T0.plusMillis(500))).isEqualTo(500);
            assertThat(store.indexAt(GROUP, STREAM, T0.plusSeconds(10))).isEqualTo(1_000);
            assertThat(store.indexAt(GROUP, "missing", T0)).isZero();
        }
    }

    @Test
    void summariesNameGroupsAndStreamsWithSlashesAndCountTheirEvents() {
        try (FileLogStore store = store()) {
            write(store, GROUP, STREAM, 3);
            write(store, GROUP, "job-1/algo-2-1700000001", 0);
            write(store, "/aws/sagemaker/Endpoints/ep", "AllTraffic/i-1", 1);
            assertThat(store.groups()).extracting(g -> g.name())
                    .containsExactly("/aws/sagemaker/Endpoints/ep", GROUP);
            List<LogStreamSummary> streams = store.streams(GROUP).orElseThrow();
            assertThat(streams).extracting(LogStreamSummary::name)
                    .containsExactly(STREAM, "job-1/algo-2-1700000001");
            LogStreamSummary one = streams.get(0);
            assertThat(one.eventCount()).isEqualTo(3);
            assertThat(one.firstEventTime()).contains(T0);
            assertThat(one.lastEventTime()).contains(T0.plusMillis(2));
            assertThat(one.storedBytes()).isEqualTo("line 0\nline 1\nline 2\n".length());
            assertThat(streams.get(1).firstEventTime()).isEmpty();
            assertThat(store.streams("/aws/sagemaker/NotebookInstances")).isEmpty();
            assertThat(store.stream(GROUP, "nope")).isEmpty();
        }
    }

    @Test
    void aRestartKeepsEveryEventAndAppendsAfterThem() {
        try (FileLogStore store = store()) {
            write(store, GROUP, STREAM, 5);
        }
        try (FileLogStore store = store()) {
            try (LogStreamWriter w = store.open(GROUP, STREAM)) {
                w.append(T0, "after the restart");
            }
            List<LogEvent> events = store.read(GROUP, STREAM, 0, 10);
            assertThat(events).extracting(LogEvent::message).containsExactly("line 0", "line 1", "line 2", "line 3",
                    "line 4", "after the restart");
            assertThat(events.get(5).timestamp()).as("raised to the last stored time").isEqualTo(T0.plusMillis(4));
        }
    }

    @Test
    void aTornIndexRecordAndUnindexedTextFromACrashAreCutOffOnReopen() throws Exception {
        try (FileLogStore store = store()) {
            write(store, GROUP, STREAM, 3);
        }
        StreamFiles files = new StreamFiles(root.resolve(LogNames.encode(GROUP)), LogNames.encode(STREAM));
        Files.writeString(files.log(), "half a line that was never index", StandardOpenOption.APPEND);
        try (FileChannel idx = FileChannel.open(files.index(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            idx.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        }
        try (FileLogStore store = store()) {
            assertThat(store.read(GROUP, STREAM, 0, 10)).hasSize(3);
            try (LogStreamWriter w = store.open(GROUP, STREAM)) {
                w.append(T0.plusSeconds(1), "next");
            }
            assertThat(store.read(GROUP, STREAM, 0, 10)).extracting(LogEvent::message)
                    .containsExactly("line 0", "line 1", "line 2", "next");
            assertThat(Files.readString(files.log(), StandardCharsets.UTF_8)).isEqualTo(
                    "line 0\nline 1\nline 2\nnext\n");
        }
    }

    @Test
    void deletingStreamsByPrefixAndWholeGroupsRemovesTheirFiles() {
        try (FileLogStore store = store()) {
            write(store, "/aws/sagemaker/NotebookInstances", "nb-1/jupyter.log", 2);
            write(store, "/aws/sagemaker/NotebookInstances", "nb-2/jupyter.log", 2);
            LogStreamWriter open = store.open("/aws/sagemaker/Endpoints/ep", "AllTraffic/i-1");
            open.append(T0, "served");
            store.deleteStreams("/aws/sagemaker/NotebookInstances", "nb-1/");
            assertThat(store.streams("/aws/sagemaker/NotebookInstances").orElseThrow())
                    .extracting(LogStreamSummary::name).containsExactly("nb-2/jupyter.log");
            store.deleteStreams("/aws/sagemaker/NotebookInstances", "nb-2/");
            assertThat(store.streams("/aws/sagemaker/NotebookInstances")).as("an empty group goes").isEmpty();
            store.deleteGroup("/aws/sagemaker/Endpoints/ep");
            open.append(T0, "after the delete: dropped");
            open.close();
            assertThat(store.groups()).isEmpty();
            assertThat(root).isEmptyDirectory();
        }
    }

    @Test
    void aReaderSeesWhatAWriterFlushedWhileItKeepsWriting() {
        try (FileLogStore store = store()) {
            LogStreamWriter w = store.open(GROUP, STREAM);
            IntStream.range(0, 100_000).forEach(i -> w.append(T0.plusMillis(i), "event " + i));
            ((StreamAppender) w).flush();
            List<LogEvent> tail = store.read(GROUP, STREAM, 99_999, 10);
            assertThat(tail).extracting(LogEvent::message).containsExactly("event 99999");
            w.append(T0.plusSeconds(200), "more");
            w.close();
            assertThat(store.stream(GROUP, STREAM).orElseThrow().eventCount()).isEqualTo(100_001);
        }
    }

    @Test
    void namesAreFileNamesThatCannotClimbOutOfTheirDirectory() {
        for (String name : List.of("/aws/sagemaker/Endpoints/ep", "..", "a/../../b", "AllTraffic/i-1", "ünï")) {
            String encoded = LogNames.encode(name);
            assertThat(encoded).doesNotContain("/").doesNotContain(".");
            assertThat(LogNames.decode(encoded)).isEqualTo(name);
        }
    }
}
