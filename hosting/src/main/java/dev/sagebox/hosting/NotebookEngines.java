package dev.sagebox.hosting;

import dev.sagebox.docker.ContainerEngine;
import java.util.Map;
import java.util.Objects;

/**
 * Where notebook instances run. On one Docker engine, all of them run there. On a swarm, an instance with direct
 * internet access is a task of the swarm, pinned to the node its ML storage volume is on (the node it first ran on);
 * one without direct internet access runs on the manager's own engine, on the internal network by which Sagebox
 * reaches it (an overlay address is not reachable from the server), with its volume there. DirectInternetAccess cannot
 * be updated, so an instance never moves between the two.
 *
 * @param local the engine next to the server
 * @param cluster the swarm's engine; the same as {@code local} on one engine
 * @param clusterEnvironment what a Jupyter on the swarm gets in place of its own credentials, which rotate in files on
 *     the server's disk that a node cannot read: the configured keys
 */
public record NotebookEngines(ContainerEngine local, ContainerEngine cluster, Map<String, String> clusterEnvironment) {
    public NotebookEngines {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(cluster, "cluster");
        clusterEnvironment = Map.copyOf(clusterEnvironment);
    }

    /** Every instance on one engine. */
    public static NotebookEngines one(ContainerEngine engine) {
        return new NotebookEngines(engine, engine, Map.of());
    }

    /** Whether instances with direct internet access run on a swarm rather than next to the server. */
    boolean hasCluster() {
        return cluster != local;
    }
}
