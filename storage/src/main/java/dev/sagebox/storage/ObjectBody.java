package dev.sagebox.storage;

import dev.sagebox.storage.pipe.PipeSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An object's body as {@link ObjectStore#open(S3Location, long)} returns it: a stream that can also be sent into a
 * pipe with {@link #transferTo(PipeSink)}, where a store may have the kernel move the bytes (see
 * {@link dev.sagebox.storage.pipe.SocketToPipe}). By default the pipe is written like any other output.
 */
public class ObjectBody extends FilterInputStream {
    protected ObjectBody(InputStream in) {
        super(in);
    }

    /** A body that is only ever copied. */
    public static ObjectBody of(InputStream in) {
        return new ObjectBody(in);
    }

    /** As {@link InputStream#transferTo}, through the wrapped stream's own. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        return in.transferTo(out);
    }

    /**
     * Sends the rest of the body into {@code sink}. Bytes the source moves into {@link PipeSink#pipeFd()} itself are
     * reported through {@link PipeSink#moved}; the rest is written to {@code sink}.
     *
     * @return the bytes sent, both ways
     * @throws PipeSink.ReaderGoneException when the pipe's reader went away
     */
    public long transferTo(PipeSink sink) throws IOException {
        return transferTo((OutputStream) sink);
    }
}
