package dev.sagebox.hosting;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks of a notebook instance (CreateNotebookInstance, changed by UpdateNotebookInstance). Subnet, security
 * groups and KMS key are recorded and echoed, nothing more: there is no VPC or KMS on one host.
 *
 * @param volumeSizeInGB the ML storage volume's size as asked; a Docker volume has no size limit of its own
 */
public record NotebookInstanceSpec(
        String name,
        String instanceType,
        String roleArn,
        int volumeSizeInGB,
        Optional<String> subnetId,
        List<String> securityGroupIds,
        Optional<String> kmsKeyId,
        String directInternetAccess,
        String rootAccess) {
    /** SageMaker's documented default ML storage volume size. */
    public static final int DEFAULT_VOLUME_SIZE_GB = 5;

    public NotebookInstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(subnetId, "subnetId");
        securityGroupIds = List.copyOf(securityGroupIds);
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(directInternetAccess, "directInternetAccess");
        Objects.requireNonNull(rootAccess, "rootAccess");
        if (volumeSizeInGB < 1) {
            throw new IllegalArgumentException("volumeSizeInGB must be >= 1");
        }
    }

    /** The same spec with UpdateNotebookInstance's changes applied. */
    public NotebookInstanceSpec updated(String newInstanceType, String newRoleArn, int newVolumeSizeInGB) {
        return new NotebookInstanceSpec(name, newInstanceType, newRoleArn, newVolumeSizeInGB, subnetId,
                securityGroupIds, kmsKeyId, directInternetAccess, rootAccess);
    }
}
