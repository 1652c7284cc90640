package dev.sagebox.storage;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.gaul.shaded.org.eclipse.jetty.server.HttpOutput;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.internal.BlobImpl;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.payloads.DelegatingPayload;

/**
 * Serves object bodies in large blocks. S3Proxy sends a GET's body with {@link InputStream#transferTo}, which on this
 * JDK copies 8 KiB at a time: a file read and a socket write per 8 KiB, about 262,000 system calls per GiB, which made
 * the embedded S3 server spend about a core per GiB/s. Here a whole object's file is read into a direct buffer of up to
 * {@value #FILE_BLOCK} bytes that Jetty writes to the socket as it is, and any other body (a range) is copied in blocks
 * of {@value #BLOCK} bytes.
 *
 * <p>The file is never memory-mapped: a mapped file that is truncated while it is served (an object overwritten or
 * deleted during a GET, or a file changed under the store) raises SIGBUS on the next access past its new end, and a
 * SIGBUS in a JVM thread outside a guarded Unsafe copy kills the whole server. A read past the end returns -1
 * instead, and the GET fails alone.
 *
 * <p>Extends jclouds' {@link ForwardingBlobStore}, which S3Proxy 4 no longer uses (it forked the blobstore API): the
 * root POM pins S3Proxy to 3.x until this is ported.
 */
final class BlockCopyingBlobStore extends ForwardingBlobStore {
    static final int BLOCK = 256 * 1024;
    static final int FILE_BLOCK = 1024 * 1024;

    BlockCopyingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        Blob blob = super.getBlob(container, name, options);
        if (blob == null || blob.getPayload() == null) {
            return blob;
        }
        // A new blob around the same metadata: Blob.setPayload would release the payload it replaces, and the
        // filesystem store's payload is an open stream that release closes.
        Blob copy = new BlobImpl(blob.getMetadata());
        copy.setAllHeaders(blob.getAllHeaders());
        copy.setPayload(new BlockCopyingPayload(blob.getPayload()));
        return copy;
    }

    private static final class BlockCopyingPayload extends DelegatingPayload {
        BlockCopyingPayload(org.jclouds.io.Payload delegate) {
            super(delegate);
        }

        @Override
        public InputStream openStream() throws IOException {
            return new BlockCopyingStream(super.openStream());
        }
    }

    /**
     * A body whose {@link #transferTo} avoids small copies. A whole file going to Jetty is read in
     * {@value #FILE_BLOCK}-byte blocks into a direct buffer that Jetty writes to the socket without copying it again;
     * anything else goes in {@value #BLOCK}-byte blocks.
     */
    private static final class BlockCopyingStream extends FilterInputStream {
        BlockCopyingStream(InputStream in) {
            super(in);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (in instanceof FileInputStream file && out instanceof HttpOutput jetty) {
                return sendFile(file.getChannel(), jetty);
            }
            byte[] block = new byte[BLOCK];
            long total = 0;
            int n;
            while ((n = in.read(block, 0, BLOCK)) >= 0) {
                out.write(block, 0, n);
                total += n;
            }
            return total;
        }

        /**
         * From the file's position to the end it had when the GET began (the length the response announced).
         *
         * @throws EOFException when the file became shorter meanwhile: the response is cut short, so the client sees
         *     an error rather than a body that silently misses its end
         */
        private static long sendFile(FileChannel file, HttpOutput out) throws IOException {
            long start = file.position();
            long end = file.size();
            if (end <= start) {
                return 0;
            }
            ByteBuffer block = ByteBuffer.allocateDirect((int) Math.min(FILE_BLOCK, end - start));
            long at = start;
            while (at < end) {
                block.clear();
                block.limit((int) Math.min(block.capacity(), end - at));
                int n = file.read(block);
                if (n < 0) {
                    throw new EOFException("the object's file ended at byte " + at + " of the " + end
                            + " being served: it was truncated meanwhile");
                }
                block.flip();
                out.write(block);
                at += n;
            }
            return at - start;
        }
    }
}
