package dev.sagebox.hosting;

import dev.sagebox.docker.ContainerEngine;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where notebook instances run. On one Docker engine, all of them run there. On a swarm, an instance with direct
 * internet access is a task of the swarm, pinned to the node its ML storage volume is on (the node it first ran on);
 * one without direct internet access runs on the manager's own engine, on the internal network by which Sagebox
 * reaches it (an overlay address is not reachable from the server), with its volume there. DirectInternetAccess cannot
 * be updated, so an instance never moves between the two.
 *
 * @param local the engine next to the server
 * @param cluster the swarm, if there is one
 */
public record NotebookEngines(ContainerEngine local, Optional<Swarm> cluster) {
    public NotebookEngines {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * The swarm's side.
     *
     * @param engine the swarm's engine
     * @param files a directory of the server's for what every Jupyter on the swarm gets read-only (the AWS config
     *     that derives its credentials; the swarm bakes it into the image the task runs)
     */
    public record Swarm(ContainerEngine engine, Path files) {
        public Swarm {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(files, "files");
        }
    }

    /** Every instance on one engine. */
    public static NotebookEngines one(ContainerEngine engine) {
        return new NotebookEngines(engine, Optional.empty());
    }

    /** Instances with direct internet access on {@code swarm}, the others on {@code local}. */
    public static NotebookEngines withSwarm(ContainerEngine local, ContainerEngine swarm, Path files) {
        return new NotebookEngines(local, Optional.of(new Swarm(swarm, files)));
    }
}
