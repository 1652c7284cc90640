package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.storage.ObjectBody;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.pipe.PipeSink;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.S3ObjectSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One object as a stream that resumes where a broken connection left it, whether bytes are copied or moved. */
class ResumableObjectStreamTest {
    private static final S3Location OBJECT = new S3Location("bucket", "data.bin");
    private static final byte[] DATA = pattern(100_000);

    @Test
    void aTransferResumesAfterBrokenConnectionsWithEveryByteOnce() throws IOException {
        BreakingStore store = new BreakingStore(List.of(30_000, 25_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long sent;
        try (ResumableObjectStream in = new ResumableObjectStream(store, OBJECT, DATA.length)) {
            sent = in.transferTo(out);
        }

        assertThat(sent).isEqualTo(DATA.length);
        assertThat(out.toByteArray()).isEqualTo(DATA);
        assertThat(store.openedAt).containsExactly(0L, 30_000L, 55_000L);
    }

    @Test
    void bytesMovedIntoAPipeCountWhereTheTransferResumes() throws IOException {
        BreakingStore store = new BreakingStore(List.of(40_000));
        PipeCollector pipe = new PipeCollector();
        store.pipe = pipe;

        try (ResumableObjectStream in = new ResumableObjectStream(store, OBJECT, DATA.length)) {
            in.transferTo(pipe);
        }

        assertThat(pipe.bytes.toByteArray()).isEqualTo(DATA);
        assertThat(pipe.moved).isEqualTo(DATA.length);
        assertThat(store.openedAt).containsExactly(0L, 40_000L);
    }

    @Test
    void aFailingOutputIsTheReadersEndAndIsNotRetried() {
        BreakingStore store = new BreakingStore(List.of());
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };

        assertThatThrownBy(() -> new ResumableObjectStream(store, OBJECT, DATA.length).transferTo(closedPipe))
                .isInstanceOf(IOException.class)
                .hasMessage("Broken pipe");
        assertThat(store.openedAt).containsExactly(0L);
    }

    @Test
    void aPipeWithoutReaderReportedByTheSourceIsNotRetried() {
        BreakingStore store = new BreakingStore(List.of());
        store.pipe = new PipeCollector();
        store.readerGoneAfter = 10_000;

        assertThatThrownBy(() -> new ResumableObjectStream(store, OBJECT, DATA.length).transferTo(store.pipe))
                .isInstanceOf(PipeSink.ReaderGoneException.class);
        assertThat(store.openedAt).containsExactly(0L);
    }

    @Test
    void aSourceThatKeepsFailingEndsTheStreamWithTheReason() {
        BreakingStore store = new BreakingStore(List.of(10, 10, 10, 10, 10));

        assertThatThrownBy(() -> new ResumableObjectStream(store, OBJECT, DATA.length)
                        .transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(ResumableObjectStream.PipeSourceException.class)
                .hasMessageContaining("s3://bucket/data.bin")
                .hasMessageContaining("failed at byte 40 of 100000 after 3 retries");
    }

    @Test
    void aPrefetchSendsTheRequestAheadAndTheFirstReadUsesIt() throws IOException {
        BreakingStore store = new BreakingStore(List.of());
        ResumableObjectStream in = new ResumableObjectStream(store, OBJECT, DATA.length);

        in.prefetch();
        in.prefetch();
        assertThat(store.openedAt).containsExactly(0L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);

        assertThat(out.toByteArray()).isEqualTo(DATA);
        assertThat(store.openedAt).containsExactly(0L);
    }

    @Test
    void aPrefetchThatFailsIsReportedByTheReadThatOpensAgain() throws IOException {
        BreakingStore store = new BreakingStore(List.of());
        store.failedOpens = 1;
        ResumableObjectStream in = new ResumableObjectStream(store, OBJECT, DATA.length);

        in.prefetch();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);

        assertThat(out.toByteArray()).isEqualTo(DATA);
        assertThat(store.openedAt).containsExactly(0L, 0L);
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 7 + i / 256);
        }
        return data;
    }

    /** A pipe as the feeder's EpochOutput is one: bytes written and bytes moved by the source end up together. */
    private static final class PipeCollector extends PipeSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long moved;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public int pipeFd() {
            return 42;
        }

        @Override
        public void moved(long count) {
            moved += count;
        }
    }

    /**
     * Serves {@link #DATA}; the n-th opened stream breaks after the n-th number of bytes (later ones do not). With a
     * {@link #pipe}, a transfer into a {@link PipeSink} "moves" bytes the way a splice would: straight into that
     * pipe, reported with {@link PipeSink#moved}.
     */
    private static final class BreakingStore implements ObjectStore {
        private final List<Integer> breaks;
        final List<Long> openedAt = new ArrayList<>();
        PipeCollector pipe;
        long readerGoneAfter = -1;
        int failedOpens;

        BreakingStore(List<Integer> breaks) {
            this.breaks = breaks;
        }

        @Override
        public ObjectBody open(S3Location object, long offset) {
            int n = openedAt.size();
            openedAt.add(offset);
            if (failedOpens > 0) {
                failedOpens--;
                throw new ObjectStoreException(ObjectStoreException.Kind.UNREACHABLE, "S3 is not answering", null);
            }
            return new BreakingStream((int) offset, n < breaks.size() ? breaks.get(n) : Integer.MAX_VALUE);
        }

        private final class BreakingStream extends ObjectBody {
            private int position;
            private int left;

            BreakingStream(int offset, int breakAfter) {
                super(InputStream.nullInputStream());
                this.position = offset;
                this.left = breakAfter;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == DATA.length) {
                    return -1;
                }
                int n = Math.min(take(len), DATA.length - position);
                System.arraycopy(DATA, position, b, off, n);
                position += n;
                return n;
            }

            @Override
            public long transferTo(OutputStream out) throws IOException {
                byte[] block = new byte[8192];
                long total = 0;
                int n;
                while ((n = read(block, 0, block.length)) > 0) {
                    out.write(block, 0, n);
                    total += n;
                }
                return total;
            }

            @Override
            public long transferTo(PipeSink sink) throws IOException {
                if (pipe == null) {
                    return transferTo((OutputStream) sink);
                }
                sink.pipeFd();
                long total = 0;
                while (position < DATA.length) {
                    if (readerGoneAfter >= 0 && total >= readerGoneAfter) {
                        throw new PipeSink.ReaderGoneException("the pipe's reader closed it");
                    }
                    int n = Math.min(take(1000), DATA.length - position);
                    pipe.bytes.write(DATA, position, n);
                    position += n;
                    total += n;
                    sink.moved(n);
                }
                return total;
            }

            private int take(int wanted) throws IOException {
                if (left == 0) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(wanted, left);
                left -= n;
                return n;
            }
        }

        @Override
        public InputStream open(S3Location object) {
            return open(object, 0);
        }

        @Override
        public boolean isReachable() {
            return true;
        }

        @Override
        public void createBucketIfAbsent(String bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean bucketExists(String bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<S3ObjectSummary> list(S3Location prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<S3ObjectSummary> stat(S3Location object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void download(S3Location object, Path target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void upload(Path source, S3Location object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void upload(InputStream data, long size, S3Location object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(S3Location object) {
            throw new UnsupportedOperationException();
        }
    }

}
