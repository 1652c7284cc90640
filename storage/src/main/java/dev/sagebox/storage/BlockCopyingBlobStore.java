package dev.sagebox.storage;

import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * the embedded S3 server spend about a core per GiB/s. Here a whole object's file is handed to Jetty as memory-mapped
 * windows, and any other body (a range) is copied in blocks of {@value #BLOCK} bytes.
 */
final class BlockCopyingBlobStore extends ForwardingBlobStore {
    static final int BLOCK = 256 * 1024;

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
     * A body whose {@link #transferTo} avoids small copies. A whole file going to Jetty is handed over as memory-mapped
     * windows, which the socket reads straight from the page cache; anything else goes in {@value #BLOCK}-byte blocks.
     */
    private static final class BlockCopyingStream extends FilterInputStream {
        private static final long WINDOW = 64L << 20;

        BlockCopyingStream(InputStream in) {
            super(in);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (in instanceof FileInputStream file && out instanceof HttpOutput jetty) {
                return sendMapped(file.getChannel(), jetty);
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

        /** From the file's position to its end, as InputStream.transferTo would; the windows are unmapped by GC. */
        private static long sendMapped(FileChannel file, HttpOutput out) throws IOException {
            long start = file.position();
            long end = file.size();
            for (long at = start; at < end; at += WINDOW) {
                out.write(file.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW, end - at)));
            }
            file.position(Math.max(start, end));
            return Math.max(0, end - start);
        }
    }
}
