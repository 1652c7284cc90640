package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where a response's body starts, as the socket input under the HTTP client counts it. */
class ResponseInputTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-A: b\r\r\n\r\n";

    @Test
    void findsTheEndOfTheHeadEvenWhenReadsSplitIt() throws IOException {
        // Reads of 3 bytes at most, the way a slow connection delivers: CR LF CR LF straddles them.
        ResponseInput input = new ResponseInput(trickle(HEAD + "0123456789", 3), 64);
        input.markResponseStart();

        byte[] head = new byte[HEAD.length()];
        int n = 0;
        while (n < head.length) {
            n += input.read(head, n, head.length - n);
        }
        long beforeBody = input.bodyBytesDelivered();
        input.read();
        for (int body = 1; body < 5; ) {
            body += input.read(new byte[4], 0, 5 - body);
        }

        assertThat(beforeBody).isZero();
        assertThat(input.bodyBytesDelivered()).isEqualTo(5);
    }

    @Test
    void theBodyIsUnknownUntilTheHeadEndsAndWhatIsBufferedCanBeDrained() throws IOException {
        ResponseInput input = new ResponseInput(new ByteArrayInputStream(bytes(HEAD + "0123456789")), 1024);
        input.markResponseStart();
        assertThat(input.bodyBytesDelivered()).isEqualTo(-1);

        input.read(new byte[HEAD.length() + 2], 0, HEAD.length() + 2);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        int drained = input.drainBuffered(rest);

        assertThat(drained).isEqualTo(8);
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("23456789");
        assertThat(input.bodyBytesDelivered()).isEqualTo(10);
        assertThat(input.buffered()).isZero();
    }

    @Test
    void aMarkWhileBytesAreStillBufferedLeavesTheBodyUnknown() throws IOException {
        ResponseInput input = new ResponseInput(new ByteArrayInputStream(bytes("leftover" + HEAD + "body")), 1024);
        input.read();
        input.markResponseStart();

        input.read(new byte[100], 0, 100);

        assertThat(input.bodyBytesDelivered()).isEqualTo(-1);
    }

    @Test
    void aNewMarkStartsCountingAgainForTheNextResponse() throws IOException {
        String two = HEAD + "0123456789" + HEAD + "abcdefghij";
        ResponseInput input = new ResponseInput(trickle(two, HEAD.length() + 10), 1024);
        input.markResponseStart();
        input.read(new byte[HEAD.length() + 10], 0, HEAD.length() + 10);
        input.markResponseStart();
        input.read(new byte[HEAD.length() + 3], 0, HEAD.length() + 3);

        assertThat(input.bodyBytesDelivered()).isEqualTo(3);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A stream that returns at most {@code chunk} bytes per read. */
    private static InputStream trickle(String content, int chunk) {
        return new ByteArrayInputStream(bytes(content)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
