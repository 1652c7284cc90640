package dev.sagebox.docker;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import java.util.List;

/**
 * The nodes of the swarm this machine's engine manages, for tests outside this module that drain and restore them: the
 * Docker client stays behind this module's boundary.
 */
public final class SwarmNodes implements AutoCloseable {
    /**
     * One node as the manager sees it.
     *
     * @param address the address the node's published ports answer on ({@link ContainerState#publishedHost})
     */
    public record Node(String id, String address, boolean manager, boolean active) {}

    private final DockerConnection docker = new DockerConnection(DockerEngineSettings.fromEnvironment());

    /** Every node of the swarm. */
    public List<Node> list() {
        return docker.call("list nodes", c -> c.listSwarmNodesCmd().exec()).stream()
                .map(n -> new Node(n.getId(), n.getStatus().getAddress(), n.getManagerStatus() != null,
                        n.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE))
                .toList();
    }

    /** The node whose published ports answer at {@code address}. */
    public Node at(String address) {
        return list().stream().filter(n -> n.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node at " + address));
    }

    /** The manager's node. */
    public Node manager() {
        return list().stream().filter(Node::manager).findFirst().orElseThrow();
    }

    /** Drains the node: the swarm moves its tasks elsewhere and places none there. */
    public void drain(String nodeId) {
        setAvailability(nodeId, SwarmNodeAvailability.DRAIN);
    }

    /** Makes the node take tasks again. */
    public void activate(String nodeId) {
        setAvailability(nodeId, SwarmNodeAvailability.ACTIVE);
    }

    /** Every node takes tasks again. */
    public void activateAll() {
        list().forEach(n -> activate(n.id()));
    }

    private void setAvailability(String nodeId, SwarmNodeAvailability availability) {
        docker.call("update node " + nodeId, c -> {
            SwarmNode node = c.listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().get(0);
            if (node.getSpec().getAvailability() != availability) {
                c.updateSwarmNodeCmd().withSwarmNodeId(nodeId).withVersion(node.getVersion().getIndex())
                        .withSwarmNodeSpec(node.getSpec().withAvailability(availability)).exec();
            }
            return null;
        });
    }

    @Override
    public void close() {
        docker.close();
    }
}
