package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sagebox cluster up 3} (docker/scripts/cluster.sh) makes a real three-node swarm on this machine: the
 * engine as manager, two docker-in-docker workers, and the registry every node reaches as 127.0.0.1:5000. An image
 * pushed there once runs as a replicated service with a task on each node. {@code cluster down} leaves the engine's
 * swarm state as it found it.
 */
class ClusterScriptIT extends DockerItBase {
    static final String REGISTRY_IMAGE = "127.0.0.1:5000/sagebox/test-python";
    static final String SERVICE = "sagebox-cluster-it";

    @TempDir
    Path home;

    @Test
    void upMakesAThreeNodeSwarmThatRunsRegistryImagesEverywhereAndDownUndoesIt() throws Exception {
        DockerConnection docker = new DockerConnection(DockerEngineSettings.fromEnvironment());
        LocalNodeState before = swarmState(docker);
        Map<String, String> env = Map.of("SAGEBOX_HOME", home.toString());
        try {
            Scripts.Run up = Scripts.run(List.of(), "cluster.sh", env, 900, "up", "3");
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output()).contains("swarm: active", "node: sagebox-node-2 Ready Active",
                    "node: sagebox-node-3 Ready Active", "registry: 127.0.0.1:5000");
            List<SwarmNode> nodes = docker.call("list nodes", c -> c.listSwarmNodesCmd().exec());
            assertThat(nodes).hasSize(3).allSatisfy(n -> assertThat(n.getStatus().getState())
                    .isEqualTo(SwarmNodeState.READY));

            HttpResponse<String> catalog = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:5000/v2/_catalog")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(catalog.statusCode()).isEqualTo(200);

            docker.call("tag", c -> {
                c.tagImageCmd(IMAGE, REGISTRY_IMAGE, "latest").exec();
                return null;
            });
            docker.stream("push", c -> {
                try {
                    return c.pushImageCmd(REGISTRY_IMAGE).withTag("latest")
                            .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            docker.call("create service", c -> c.createServiceCmd(new ServiceSpec().withName(SERVICE)
                    .withLabels(Map.of(SageboxLabels.MANAGED, "true"))
                    .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec()
                            .withImage(REGISTRY_IMAGE + ":latest").withCommand(List.of("sleep", "600"))
                            .withLabels(Map.of(SageboxLabels.MANAGED, "true"))))
                    .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions()
                            .withReplicas(3)))).exec());
            Set<String> nodesRunning = Poll.until(Duration.ofSeconds(180), "a running task on each of 3 nodes",
                    () -> docker.call("list tasks", c -> c.listTasksCmd().withServiceFilter(SERVICE).exec())
                            .stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING)
                            .map(Task::getNodeId).collect(Collectors.toSet()),
                    running -> running.size() == 3);
            assertThat(nodesRunning).containsExactlyInAnyOrderElementsOf(
                    nodes.stream().map(SwarmNode::getId).toList());
        } finally {
            if (swarmState(docker) == LocalNodeState.ACTIVE) {
                docker.call("remove service", c -> {
                    try {
                        c.removeServiceCmd(SERVICE).exec();
                    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                        // never created
                    }
                    return null;
                });
            }
            Scripts.Run down = Scripts.run(List.of(), "cluster.sh", env, 300, "down");
            assertThat(down.exitCode()).as(down.output()).isZero();
            docker.call("untag", c -> {
                try {
                    c.removeImageCmd(REGISTRY_IMAGE + ":latest").withNoPrune(true).exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                    // never tagged
                }
                return null;
            });
        }
        assertThat(swarmState(docker)).isEqualTo(before);
        assertThat(engine.containersWithLabels(Map.of("sagebox.cluster", "node"))).isEmpty();
        assertThat(engine.containersWithLabels(Map.of("sagebox.cluster", "registry"))).isEmpty();
    }

    private static LocalNodeState swarmState(DockerConnection docker) {
        return docker.call("info", c -> c.infoCmd().exec().getSwarm().getLocalNodeState());
    }
}
