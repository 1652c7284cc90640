package dev.sagebox.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code /opt/ml/input/config/{hyperparameters,inputdataconfig,resourceconfig}.json} as the SageMaker training
 * contract describes them (contract section 5.2).
 */
final class ConfigFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFiles() {
    }

    static void write(JobWorkspace workspace, TrainingSpec spec, String host) {
        Path dir = workspace.configDir(host);
        try {
            JSON.writeValue(dir.resolve("hyperparameters.json").toFile(), spec.hyperParameters());
            JSON.writeValue(dir.resolve("inputdataconfig.json").toFile(), inputDataConfig(spec));
            JSON.writeValue(dir.resolve("resourceconfig.json").toFile(), resourceConfig(spec, workspace.hosts(), host));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training configuration files", e);
        }
    }

    /** The three files of a host's {@code /opt/ml/input/config}, by their path under {@code /opt/ml}. */
    static Map<String, String> contents(TrainingSpec spec, List<String> hosts, String host) {
        try {
            return Map.of("input/config/hyperparameters.json", JSON.writeValueAsString(spec.hyperParameters()),
                    "input/config/inputdataconfig.json", JSON.writeValueAsString(inputDataConfig(spec)),
                    "input/config/resourceconfig.json", JSON.writeValueAsString(resourceConfig(spec, hosts, host)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode inputDataConfig(TrainingSpec spec) {
        ObjectNode out = JSON.createObjectNode();
        for (ChannelDefinition c : spec.channels()) {
            ObjectNode channel = out.putObject(c.name());
            c.contentType().ifPresent(t -> channel.put("ContentType", t));
            channel.put("TrainingInputMode", c.inputMode().wireName());
            channel.put("S3DistributionType", c.distribution().wireName());
            channel.put("RecordWrapperType", c.recordWrapper().wireName());
        }
        return out;
    }

    static ObjectNode resourceConfig(TrainingSpec spec, List<String> hosts, String host) {
        ObjectNode out = JSON.createObjectNode();
        out.put("current_host", host);
        out.put("current_instance_type", spec.instanceType());
        out.put("current_group_name", "homogeneousCluster");
        ArrayNode all = out.putArray("hosts");
        hosts.forEach(all::add);
        ObjectNode group = out.putArray("instance_groups").addObject();
        group.put("instance_group_name", "homogeneousCluster");
        group.put("instance_type", spec.instanceType());
        ArrayNode groupHosts = group.putArray("hosts");
        hosts.forEach(groupHosts::add);
        out.put("network_interface_name", "eth0");
        return out;
    }
}
