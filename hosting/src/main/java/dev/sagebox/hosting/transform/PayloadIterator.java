package dev.sagebox.hosting.transform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/** Groups records into payloads, reading one record ahead and no more. */
final class PayloadIterator implements Iterator<Payload> {
    private final RecordReader reader;
    private final boolean multiRecord;
    private final boolean lines;
    private final long maxBytes;
    private final UnaryOperator<byte[]> inputFilter;
    private byte[] pending;
    private byte[] pendingBody;
    // A failure met while reading ahead belongs to the payload after the one being built.
    private RuntimeException pendingError;
    private boolean done;

    PayloadIterator(RecordReader reader, boolean multiRecord, boolean lines, long maxBytes,
                    UnaryOperator<byte[]> inputFilter) {
        this.reader = reader;
        this.multiRecord = multiRecord;
        this.lines = lines;
        this.maxBytes = maxBytes;
        this.inputFilter = inputFilter;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && pendingError == null && !done) {
            advance();
        }
        return pending != null || pendingError != null;
    }

    @Override
    public Payload next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        takeError();
        if (maxBytes > 0 && pendingBody.length > maxBytes) {
            throw new RecordTooLargeException(pendingBody.length, maxBytes);
        }
        if (!multiRecord) {
            Payload payload = new Payload(List.of(pending), pendingBody);
            pending = null;
            return payload;
        }
        List<byte[]> records = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(256, pendingBody.length + 1));
        int separator = lines ? 1 : 0;
        do {
            // A lone record is sent even when its line terminator would be the byte past the limit.
            if (!records.isEmpty() && maxBytes > 0 && body.size() + pendingBody.length + separator > maxBytes) {
                break;
            }
            records.add(pending);
            body.write(pendingBody, 0, pendingBody.length);
            if (lines) {
                body.write('\n');
            }
            pending = null;
        } while (hasNext() && pendingError == null);
        return new Payload(records, body.toByteArray());
    }

    private void takeError() {
        if (pendingError != null) {
            RuntimeException error = pendingError;
            pendingError = null;
            done = true;
            throw error;
        }
    }

    private void advance() {
        try {
            byte[] record = reader.next();
            if (record == null) {
                done = true;
                return;
            }
            pendingBody = inputFilter.apply(record);
            pending = record;
        } catch (IOException e) {
            pendingError = new UncheckedIOException(e);
        } catch (RuntimeException e) {
            pendingError = e;
        }
    }
}
