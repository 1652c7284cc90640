package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;

/** Wire records of the notebook instance operations. */
public final class NotebookInstanceWire {
    private NotebookInstanceWire() {
    }

    /** CreateNotebookInstance input: every member is kept and described; any other member of the model is refused. */
    public record CreateRequest(
            String notebookInstanceName,
            String instanceType,
            String subnetId,
            List<String> securityGroupIds,
            String roleArn,
            String kmsKeyId,
            List<TagWire> tags,
            String directInternetAccess,
            Integer volumeSizeInGB,
            String rootAccess) {
    }

    /** CreateNotebookInstance output. */
    public record CreateResponse(String notebookInstanceArn) {
    }

    /** Describe, Start, Stop and DeleteNotebookInstance input. */
    public record NameRequest(String notebookInstanceName) {
    }

    /** DescribeNotebookInstance output. */
    public record DescribeResponse(
            String notebookInstanceArn,
            String notebookInstanceName,
            String notebookInstanceStatus,
            String failureReason,
            String url,
            String instanceType,
            String subnetId,
            List<String> securityGroups,
            String roleArn,
            String kmsKeyId,
            Instant lastModifiedTime,
            Instant creationTime,
            String directInternetAccess,
            Integer volumeSizeInGB,
            String rootAccess) {
    }

    /** NotebookInstanceSummary. */
    public record Summary(
            String notebookInstanceName,
            String notebookInstanceArn,
            String notebookInstanceStatus,
            String url,
            String instanceType,
            Instant creationTime,
            Instant lastModifiedTime) {
    }

    /** ListNotebookInstances output. */
    public record ListResponse(List<Summary> notebookInstances, String nextToken) {
    }

    /** UpdateNotebookInstance input (the members Sagebox acts on). */
    public record UpdateRequest(String notebookInstanceName, String instanceType, String roleArn,
            Integer volumeSizeInGB) {
    }

    /** CreatePresignedNotebookInstanceUrl input. */
    public record PresignRequest(String notebookInstanceName, Integer sessionExpirationDurationInSeconds) {
    }

    /** CreatePresignedNotebookInstanceUrl output. */
    public record PresignResponse(String authorizedUrl) {
    }
}
