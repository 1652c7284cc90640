package dev.sagebox.runner.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.storage.LocalTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A processing job's directory on the host: per host {@code algo-N}, a {@code config} folder mounted at
 * {@code /opt/ml/config}, an {@code output} folder at {@code /opt/ml/output}, and one folder per input and output
 * mounted at its LocalPath. Removed once the run has ended.
 */
final class ProcessingWorkspace {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SageMaker keeps the first KiB of each host's exit message. */
    private static final int MESSAGE_LIMIT = 1024;

    private final Path root;
    private final int hostCount;

    ProcessingWorkspace(Path workRoot, String jobName, int hostCount) {
        this.root = workRoot.resolve(jobName.toLowerCase(Locale.ROOT));
        this.hostCount = hostCount;
    }

    List<String> hosts() {
        return IntStream.rangeClosed(1, hostCount).mapToObj(i -> "algo-" + i).toList();
    }

    Path host(String host) {
        return root.resolve("hosts").resolve(host);
    }

    Path configDir(String host) {
        return host(host).resolve("config");
    }

    Path outputDir(String host) {
        return host(host).resolve("output");
    }

    Path inputDir(String host, int index) {
        return host(host).resolve("inputs").resolve(String.valueOf(index));
    }

    Path outputDir(String host, int index) {
        return host(host).resolve("outputs").resolve(String.valueOf(index));
    }

    Path scratch() {
        return root.resolve("scratch");
    }

    boolean exists() {
        return Files.isDirectory(root.resolve("hosts"));
    }

    /** Lays out every host's folders and config files, discarding what an earlier attempt left. */
    void create(ProcessingSpec spec) {
        try {
            LocalTrees.delete(root.resolve("hosts"));
            for (String host : hosts()) {
                Files.createDirectories(configDir(host));
                Files.createDirectories(outputDir(host));
                for (int i = 0; i < spec.inputs().size(); i++) {
                    Files.createDirectories(inputDir(host, i));
                }
                for (int i = 0; i < spec.outputs().size(); i++) {
                    Files.createDirectories(outputDir(host, i));
                }
                JSON.writeValue(configDir(host).resolve("resourceconfig.json").toFile(), resourceConfig(spec, host));
                JSON.writeValue(configDir(host).resolve("processingjobconfig.json").toFile(),
                        ProcessingJobConfig.of(spec));
            }
            Files.createDirectories(scratch());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the processing job's working directory " + root, e);
        }
    }

    private ObjectNode resourceConfig(ProcessingSpec spec, String host) {
        ObjectNode node = JSON.createObjectNode();
        node.put("current_host", host);
        node.put("current_instance_type", spec.instanceType());
        node.put("current_group_name", "homogeneousCluster");
        ArrayNode hosts = node.putArray("hosts");
        hosts().forEach(hosts::add);
        ArrayNode groups = node.putArray("instance_groups");
        ObjectNode group = groups.addObject();
        group.put("instance_group_name", "homogeneousCluster");
        group.put("instance_type", spec.instanceType());
        ArrayNode groupHosts = group.putArray("hosts");
        hosts().forEach(groupHosts::add);
        node.put("network_interface_name", "eth0");
        return node;
    }

    /** The first KiB of each host's {@code /opt/ml/output/message}, concatenated in host order. */
    Optional<String> exitMessage() {
        StringBuilder all = new StringBuilder();
        for (String host : hosts()) {
            Path file = outputDir(host).resolve("message");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                all.append(text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) : text);
            } catch (IOException e) {
                // A message that cannot be read is no message.
            }
        }
        return all.length() == 0 ? Optional.empty() : Optional.of(all.toString());
    }

    void clean() {
        LocalTrees.delete(root);
    }
}
