package dev.sagebox.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the node agent does for one training host on the swarm node it runs on, worked out by the server: it stages
 * the host's {@code /opt/ml} (the files, and the channel objects it downloads from S3 itself), or packs and uploads
 * what the host left there. The agent mounts the host's node volume at {@code /opt/ml}; every path is relative to it.
 *
 * @param action {@code stage} or {@code upload}
 * @param directories directories to create
 * @param files small files to write (the contract's config files), path to content
 * @param downloads channel objects to fetch into the volume
 * @param pipes Pipe-mode channels the agent streams into FIFOs in {@code input/data} once it has staged the rest
 *     (it then prints {@link #STAGED_LINE} and feeds until it is stopped)
 * @param upload what to pack and where to put it (upload only)
 * @param checkpoints the job's CheckpointConfig, or null: staging restores it and then syncs it until the agent is
 *     stopped; uploading syncs it once more
 * @param credentials the job's own credentials, which the agent signs its S3 requests with (null: the configured
 *     keys in its environment); staging also writes each window's for the host until the agent is stopped
 */
public record NodeAgentPlan(String action, List<String> directories, Map<String, String> files,
        List<Download> downloads, List<PipeChannel> pipes, Upload upload, Checkpoints checkpoints,
        Credentials credentials) {
    public static final String STAGE = "stage";
    public static final String UPLOAD = "upload";
    /** The environment variable the plan travels in. */
    public static final String ENVIRONMENT = "SAGEBOX_AGENT_PLAN";
    /** The line the agent prints, followed by the text of the host's {@code /opt/ml/output/failure}. */
    public static final String FAILURE_LINE = "sagebox-agent: failure: ";
    /** The line the agent prints once the host may start: every file is in place and every first FIFO exists. */
    public static final String STAGED_LINE = "sagebox-agent: staged";
    private static final ObjectMapper JSON = new ObjectMapper();

    public NodeAgentPlan {
        Objects.requireNonNull(action, "action");
        directories = List.copyOf(directories);
        files = Map.copyOf(files);
        downloads = List.copyOf(downloads);
        pipes = List.copyOf(pipes);
    }

    /** A Pipe-mode channel of the host: its objects, streamed as on one engine into {@code <channel>_<epoch>}. */
    public record PipeChannel(String channel, ChannelDefinition.CompressionType compression,
            ChannelDefinition.RecordWrapperType recordWrapper, List<Download> objects, List<Long> sizes) {
    }

    /** One object of a channel, fetched to {@code path}. */
    public record Download(String bucket, String key, String path) {
    }

    /**
     * Packs {@code model} and {@code output/data}. One host uploads {@code model.tar.gz} and {@code output.tar.gz}
     * to their URIs itself; of several, every host but the first puts its two archives under {@code partsUri}
     * ({@code <parts>/algo-N/...}) first, and the first then merges them with its own, as one engine merges the hosts'
     * directories.
     */
    public record Upload(String modelUri, String outputUri, String partsUri, String host, int hostCount) {
    }

    /**
     * A CheckpointConfig as the agent syncs it.
     *
     * @param localPath LocalPath relative to {@code /opt/ml} (the volume): only a path under it is on the node
     * @param syncMillis how often new and changed files are uploaded while the host runs
     */
    public record Checkpoints(String s3Uri, String localPath, long syncMillis) {
    }

    /**
     * The key a job's credentials derive from ({@link dev.sagebox.core.credentials.DelegatedCredentials}).
     *
     * @param folder where the agent writes them for the host (its credentials volume, mounted there); null for an
     *     isolated job's host, which gets none, and for the upload agent
     */
    public record Credentials(String ownerKey, long windowMillis, String folder) {
        /** Keeps the key out of logs. */
        @Override
        public String toString() {
            return "Credentials[folder=" + folder + "]";
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NodeAgentPlan fromJson(String json) {
        try {
            return JSON.readValue(json, NodeAgentPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a node agent plan: " + e.getOriginalMessage(), e);
        }
    }
}
