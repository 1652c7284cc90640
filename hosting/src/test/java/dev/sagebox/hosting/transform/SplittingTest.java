package dev.sagebox.hosting.transform;

import static dev.sagebox.hosting.transform.Bytes.all;
import static dev.sagebox.hosting.transform.Bytes.b;
import static dev.sagebox.hosting.transform.Bytes.bodies;
import static dev.sagebox.hosting.transform.Bytes.concat;
import static dev.sagebox.hosting.transform.Bytes.csv;
import static dev.sagebox.hosting.transform.Bytes.in;
import static dev.sagebox.hosting.transform.Bytes.recordIoPart;
import static dev.sagebox.hosting.transform.Bytes.records;
import static dev.sagebox.hosting.transform.Bytes.s;
import static dev.sagebox.hosting.transform.Bytes.tfRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplittingTest {
    private static TransformRecords plain(SplitType split, BatchStrategy strategy, long max) {
        return new TransformRecords(split, strategy, max, DataProcessing.NONE, Optional.empty(), Optional.empty());
    }

    @Test
    void lineSplitRemovesCrAndIgnoresAnEmptyLastLine() {
        List<Payload> payloads = all(plain(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0)
                .payloads(in("a,1\r\nb,2\n\nc,3\n")));

        assertThat(bodies(payloads)).containsExactly("a,1", "b,2", "", "c,3");
        assertThat(records(payloads.get(0))).containsExactly("a,1");
    }

    @Test
    void lineSplitKeepsALastLineWithoutTerminator() {
        assertThat(bodies(all(plain(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0).payloads(in("x\ny")))))
                .containsExactly("x", "y");
        assertThat(all(plain(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0).payloads(in("")))).isEmpty();
    }

    @Test
    void multiRecordLinesFillPayloadsUpToTheLimitCountingEachNewline() {
        // "aaa\n" + "bbb\n" is exactly 8 bytes; "ccc" starts the next payload.
        List<Payload> payloads = all(plain(SplitType.LINE, BatchStrategy.MULTI_RECORD, 8)
                .payloads(in("aaa\nbbb\nccc\r\nd\n")));

        assertThat(bodies(payloads)).containsExactly("aaa\nbbb\n", "ccc\nd\n");
        assertThat(records(payloads.get(0))).containsExactly("aaa", "bbb");
        assertThat(records(payloads.get(1))).containsExactly("ccc", "d");
    }

    @Test
    void multiRecordWithoutLimitPutsEverythingInOnePayload() {
        assertThat(bodies(all(plain(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0).payloads(in("1\n2\n3\n")))))
                .containsExactly("1\n2\n3\n");
    }

    @Test
    void aRecordLargerThanTheLimitFailsNamingSizeAndLimit() {
        Iterator<Payload> payloads = plain(SplitType.LINE, BatchStrategy.MULTI_RECORD, 4).payloads(in("ok\ntoolong\n"));

        assertThat(s(payloads.next().body())).isEqualTo("ok\n");
        assertThatThrownBy(payloads::next).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("7 bytes").hasMessageContaining("4 bytes");
    }

    @Test
    void aSingleRecordLargerThanTheLimitFails() {
        Iterator<Payload> payloads = plain(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 3).payloads(in("abcd\n"));

        assertThatThrownBy(payloads::next).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void theSizeLimitAppliesAfterTheInputFilter() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 3,
                Bytes.processing("$[0]", null, JoinSource.NONE));

        assertThatThrownBy(() -> all(records.payloads(in("id-very-long,7\n"))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("12 bytes");
        assertThat(bodies(all(records.payloads(in("7,id-very-long\n"))))).containsExactly("7");
    }

    @Test
    void splitNoneSendsTheWholeObjectWithinTheLimit() {
        assertThat(bodies(all(plain(SplitType.NONE, BatchStrategy.MULTI_RECORD, 0).payloads(in("a\nb\n")))))
                .containsExactly("a\nb\n");
        assertThat(bodies(all(plain(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 4).payloads(in("a\nb\n")))))
                .containsExactly("a\nb\n");
        assertThatThrownBy(() -> all(plain(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 3).payloads(in("a\nb\n"))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void recordIoRecordsKeepTheirFramingAndPadding() {
        byte[] one = recordIoPart(b("abcde"), 0);
        byte[] two = recordIoPart(b("xyzw"), 0);
        assertThat(one).hasSize(8 + 8);

        List<Payload> payloads = all(plain(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 0)
                .payloads(in(concat(one, two))));

        assertThat(payloads).hasSize(2);
        assertThat(payloads.get(0).body()).isEqualTo(one);
        assertThat(payloads.get(1).records()).containsExactly(two);
    }

    @Test
    void aMultiPartRecordIoRecordIsOneRecord() {
        byte[] record = concat(recordIoPart(b("ab"), 1), recordIoPart(b("cd"), 2), recordIoPart(b("e"), 3));
        byte[] next = recordIoPart(b("z"), 0);

        List<Payload> payloads = all(plain(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 0)
                .payloads(in(concat(record, next))));

        assertThat(payloads).extracting(Payload::body).containsExactly(record, next);
    }

    @Test
    void multiRecordRecordIoPayloadsStopAtTheLimit() {
        byte[] r1 = recordIoPart(b("1234"), 0);
        byte[] r2 = recordIoPart(b("5678"), 0);
        byte[] r3 = recordIoPart(b("9"), 0);

        List<Payload> payloads = all(plain(SplitType.RECORD_IO, BatchStrategy.MULTI_RECORD, 24)
                .payloads(in(concat(r1, r2, r3))));

        assertThat(payloads).extracting(Payload::body).containsExactly(concat(r1, r2), r3);
        assertThat(payloads.get(0).records()).hasSize(2);
    }

    @Test
    void recordIoChecksMagicSizeAndTruncation() {
        byte[] record = recordIoPart(b("abcdefgh"), 0);
        assertThatThrownBy(() -> all(plain(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 8).payloads(in(record))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("16 bytes");
        byte[] bad = record.clone();
        bad[0] = 0;
        assertThatThrownBy(() -> all(plain(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 0).payloads(in(bad))))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("magic");
        byte[] cut = java.util.Arrays.copyOf(record, 12);
        assertThatThrownBy(() -> all(plain(SplitType.RECORD_IO, BatchStrategy.SINGLE_RECORD, 0).payloads(in(cut))))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void tfRecordsKeepTheirFraming() {
        byte[] one = tfRecord(b("hello"));
        byte[] two = tfRecord(b(""));

        List<Payload> single = all(plain(SplitType.TF_RECORD, BatchStrategy.SINGLE_RECORD, 0)
                .payloads(in(concat(one, two))));
        List<Payload> multi = all(plain(SplitType.TF_RECORD, BatchStrategy.MULTI_RECORD, 0)
                .payloads(in(concat(one, two))));

        assertThat(single).extracting(Payload::body).containsExactly(one, two);
        assertThat(multi).extracting(Payload::body).containsExactly(concat(one, two));
        assertThat(multi.get(0).records()).containsExactly(one, two);
    }

    @Test
    void payloadsStreamWithoutReadingTheWholeObject() {
        CountingLines endless = new CountingLines(b("1,2,3,4\n"));
        Iterator<Payload> payloads = plain(SplitType.LINE, BatchStrategy.MULTI_RECORD, 1000).payloads(endless);

        Payload first = payloads.next();
        payloads.next();

        assertThat(first.records()).isNotEmpty();
        assertThat(first.body().length).isLessThanOrEqualTo(1000);
        // The reader buffers 64 KiB at a time; the object never ends.
        assertThat(endless.served).isLessThan(200_000);
    }

    @Test
    void aLineThatNeverEndsFailsOnceItPassesTheLimit() {
        CountingLines endless = new CountingLines(b("x"));
        Iterator<Payload> payloads = plain(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 100_000).payloads(endless);

        assertThatThrownBy(payloads::next).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("more than");
        assertThat(endless.served).isLessThan(300_000);
    }

    @Test
    void anObjectLargerThanTheLimitFailsWithoutBeingReadWhole() {
        CountingLines endless = new CountingLines(b("x"));
        Iterator<Payload> payloads = plain(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 100_000).payloads(endless);

        assertThatThrownBy(payloads::next).isInstanceOf(RecordTooLargeException.class);
        assertThat(endless.served).isLessThan(300_000);
    }

    @Test
    void aHundredThousandCsvLinesFlowThroughInBytes() {
        StringBuilder object = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            object.append(i).append(",1.5,2.5\n");
        }
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.MULTI_RECORD, 6 * 1024 * 1024,
                Bytes.processing("$[1:]", null, JoinSource.INPUT));

        int count = 0;
        int lines = 0;
        for (Iterator<Payload> it = records.payloads(in(object.toString())); it.hasNext(); ) {
            Payload payload = it.next();
            count += payload.records().size();
            byte[] response = new byte[payload.records().size() * 2];
            for (int i = 0; i < response.length; i += 2) {
                response[i] = '1';
                response[i + 1] = '\n';
            }
            lines += (int) s(records.output(payload, response)).lines().count();
        }

        assertThat(count).isEqualTo(100_000);
        assertThat(lines).isEqualTo(100_000);
    }

    /** An endless object repeating {@code line}, counting the bytes it has served. */
    private static final class CountingLines extends InputStream {
        private final byte[] line;
        long served;

        CountingLines(byte[] line) {
            this.line = line;
        }

        @Override
        public int read() {
            return line[(int) (served++ % line.length)];
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) read();
            }
            return len;
        }
    }
}
