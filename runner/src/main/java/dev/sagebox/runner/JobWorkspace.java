package dev.sagebox.runner;

import dev.sagebox.storage.LocalTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A job's directory on the host: {@code hosts/algo-N} is mounted as that host's {@code /opt/ml}. It is removed once
 * the run has ended (the hosts' output lives in the log store).
 */
public final class JobWorkspace {
    private final Path root;
    private final int hostCount;

    public JobWorkspace(Path workRoot, String jobName, int hostCount) {
        this.root = workRoot.resolve(jobName.toLowerCase(Locale.ROOT));
        this.hostCount = hostCount;
    }

    /** Host names algo-1 … algo-N, as SageMaker names them. */
    public List<String> hosts() {
        return IntStream.rangeClosed(1, hostCount).mapToObj(i -> "algo-" + i).toList();
    }

    /** The host's /opt/ml. */
    public Path optMl(String host) {
        return root.resolve("hosts").resolve(host);
    }

    public Path configDir(String host) {
        return optMl(host).resolve("input/config");
    }

    public Path channelDir(String host, String channel) {
        return optMl(host).resolve("input/data").resolve(channel);
    }

    public Path dataDir(String host) {
        return optMl(host).resolve("input/data");
    }

    public Path modelDir(String host) {
        return optMl(host).resolve("model");
    }

    public Path outputDataDir(String host) {
        return optMl(host).resolve("output/data");
    }

    public Path failureFile(String host) {
        return optMl(host).resolve("output/failure");
    }

    /** The host directory mounted at a CheckpointConfig.LocalPath that lies outside {@code /opt/ml}. */
    public Path checkpointMount(String host) {
        return root.resolve("checkpoints").resolve(host);
    }

    /** Scratch space for archives being uploaded. */
    public Path scratch() {
        return root.resolve("scratch");
    }

    public boolean exists() {
        return Files.isDirectory(root.resolve("hosts"));
    }

    /** Lays out a fresh /opt/ml for every host, discarding what an earlier attempt left. */
    public void create() {
        try {
            LocalTrees.delete(root.resolve("hosts"));
            LocalTrees.delete(root.resolve("checkpoints"));
            for (String host : hosts()) {
                Files.createDirectories(configDir(host));
                Files.createDirectories(dataDir(host));
                Files.createDirectories(modelDir(host));
                Files.createDirectories(outputDataDir(host));
                Files.createDirectories(optMl(host).resolve("code"));
                Files.createDirectories(optMl(host).resolve("checkpoints"));
            }
            Files.createDirectories(scratch());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the job's working directory " + root, e);
        }
    }

    /** Removes the hosts' directories and scratch space. */
    public void clean() {
        LocalTrees.delete(root.resolve("hosts"));
        LocalTrees.delete(root.resolve("checkpoints"));
        LocalTrees.delete(scratch());
    }
}
