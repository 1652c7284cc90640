package dev.sagebox.storage;

import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * Makes the filesystem blob store list like S3: a listing without a delimiter names objects only.
 *
 * <p>jclouds' filesystem provider reports every directory ("train/sub/") as an entry of a recursive listing; S3 has
 * no directories, and clients such as {@code aws s3 cp --recursive} would try to download them as empty objects.
 * Listings with a delimiter are untouched: there the directories are the common prefixes clients expect.
 *
 * <p>Extends jclouds' {@link ForwardingBlobStore}, which S3Proxy 4 no longer uses (it forked the blobstore API): the
 * root POM pins S3Proxy to 3.x until this is ported.
 */
final class FlatListingBlobStore extends ForwardingBlobStore {
    FlatListingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        PageSet<? extends StorageMetadata> page = super.list(container, options);
        if (options.getDelimiter() != null || !options.isRecursive()) {
            return page;
        }
        List<StorageMetadata> objects = page.stream()
                .filter(m -> m.getType() != StorageType.FOLDER && m.getType() != StorageType.RELATIVE_PATH)
                .map(StorageMetadata.class::cast)
                .toList();
        return new PageSetImpl<>(objects, page.getNextMarker());
    }
}
