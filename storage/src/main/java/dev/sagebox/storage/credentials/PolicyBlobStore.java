package dev.sagebox.storage.credentials;

import dev.sagebox.core.credentials.AccessPolicy;
import java.io.File;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.gaul.s3proxy.S3Refusals;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobAccess;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.ContainerAccess;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.CreateContainerOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;
import org.jclouds.io.Payload;

/**
 * The embedded S3 as one resource's credentials see it: every call is checked against its {@link AccessPolicy} and
 * anything not granted is S3's 403 AccessDenied. Bucket-level operations (create, delete, list all buckets, access
 * settings) are never granted; a listing must stay under a granted prefix.
 */
public final class PolicyBlobStore extends ForwardingBlobStore {
    private static final String DENIED = "Access Denied";

    private final AccessPolicy policy;

    public PolicyBlobStore(BlobStore delegate, AccessPolicy policy) {
        super(delegate);
        this.policy = policy;
    }

    private void read(String container, String key) {
        if (!policy.mayRead(container, key)) {
            throw S3Refusals.accessDenied(DENIED);
        }
    }

    private void write(String container, String key) {
        if (!policy.mayWrite(container, key)) {
            throw S3Refusals.accessDenied(DENIED);
        }
    }

    private void bucket(String container) {
        if (!policy.mayUseBucket(container)) {
            throw S3Refusals.accessDenied(DENIED);
        }
    }

    private void wholeStore() {
        if (!policy.allS3()) {
            throw S3Refusals.accessDenied(DENIED);
        }
    }

    @Override
    public PageSet<? extends StorageMetadata> list() {
        wholeStore();
        return super.list();
    }

    @Override
    public boolean containerExists(String container) {
        bucket(container);
        return super.containerExists(container);
    }

    @Override
    public boolean createContainerInLocation(Location location, String container) {
        wholeStore();
        return super.createContainerInLocation(location, container);
    }

    @Override
    public boolean createContainerInLocation(Location location, String container, CreateContainerOptions options) {
        wholeStore();
        return super.createContainerInLocation(location, container, options);
    }

    @Override
    public ContainerAccess getContainerAccess(String container) {
        bucket(container);
        return super.getContainerAccess(container);
    }

    @Override
    public void setContainerAccess(String container, ContainerAccess access) {
        wholeStore();
        super.setContainerAccess(container, access);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container) {
        if (!policy.mayList(container, "")) {
            throw S3Refusals.accessDenied(DENIED);
        }
        return super.list(container);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        String prefix = options.getPrefix();
        if (!policy.mayList(container, prefix == null ? "" : prefix)) {
            throw S3Refusals.accessDenied(DENIED);
        }
        return super.list(container, options);
    }

    @Override
    public void clearContainer(String container) {
        wholeStore();
        super.clearContainer(container);
    }

    @Override
    public void clearContainer(String container, ListContainerOptions options) {
        wholeStore();
        super.clearContainer(container, options);
    }

    @Override
    public void deleteContainer(String container) {
        wholeStore();
        super.deleteContainer(container);
    }

    @Override
    public boolean deleteContainerIfEmpty(String container) {
        wholeStore();
        return super.deleteContainerIfEmpty(container);
    }

    @Override
    public boolean blobExists(String container, String name) {
        read(container, name);
        return super.blobExists(container, name);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        write(container, blob.getMetadata().getName());
        return super.putBlob(container, blob);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        write(container, blob.getMetadata().getName());
        return super.putBlob(container, blob, options);
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName,
            CopyOptions options) {
        read(fromContainer, fromName);
        write(toContainer, toName);
        return super.copyBlob(fromContainer, fromName, toContainer, toName, options);
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        read(container, name);
        return super.blobMetadata(container, name);
    }

    @Override
    public Blob getBlob(String container, String name) {
        read(container, name);
        return super.getBlob(container, name);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        read(container, name);
        return super.getBlob(container, name, options);
    }

    @Override
    public void removeBlob(String container, String name) {
        write(container, name);
        super.removeBlob(container, name);
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        names.forEach(name -> write(container, name));
        super.removeBlobs(container, names);
    }

    @Override
    public BlobAccess getBlobAccess(String container, String name) {
        read(container, name);
        return super.getBlobAccess(container, name);
    }

    @Override
    public void setBlobAccess(String container, String name, BlobAccess access) {
        wholeStore();
        super.setBlobAccess(container, name, access);
    }

    @Override
    public long countBlobs(String container) {
        wholeStore();
        return super.countBlobs(container);
    }

    @Override
    public long countBlobs(String container, ListContainerOptions options) {
        wholeStore();
        return super.countBlobs(container, options);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(String container, BlobMetadata blob, PutOptions options) {
        write(container, blob.getName());
        return super.initiateMultipartUpload(container, blob, options);
    }

    @Override
    public void abortMultipartUpload(MultipartUpload mpu) {
        write(mpu.containerName(), mpu.blobName());
        super.abortMultipartUpload(mpu);
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
        write(mpu.containerName(), mpu.blobName());
        return super.completeMultipartUpload(mpu, parts);
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload mpu, int partNumber, Payload payload) {
        write(mpu.containerName(), mpu.blobName());
        return super.uploadMultipartPart(mpu, partNumber, payload);
    }

    @Override
    public List<MultipartPart> listMultipartUpload(MultipartUpload mpu) {
        write(mpu.containerName(), mpu.blobName());
        return super.listMultipartUpload(mpu);
    }

    @Override
    public List<MultipartUpload> listMultipartUploads(String container) {
        wholeStore();
        return super.listMultipartUploads(container);
    }

    @Override
    public void downloadBlob(String container, String name, File destination) {
        read(container, name);
        super.downloadBlob(container, name, destination);
    }

    @Override
    public void downloadBlob(String container, String name, File destination, ExecutorService executor) {
        read(container, name);
        super.downloadBlob(container, name, destination, executor);
    }

    @Override
    public InputStream streamBlob(String container, String name) {
        read(container, name);
        return super.streamBlob(container, name);
    }

    @Override
    public InputStream streamBlob(String container, String name, ExecutorService executor) {
        read(container, name);
        return super.streamBlob(container, name, executor);
    }

    @Override
    public Set<? extends Location> listAssignableLocations() {
        return super.listAssignableLocations();
    }
}
