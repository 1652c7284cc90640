package dev.sagebox.hosting;

import java.util.Objects;

/**
 * The Jupyter server of a notebook instance in service: its container and where Sagebox reaches it. The token Jupyter
 * answers to is not part of it (this is stored): {@link JupyterTokens} derives it when needed.
 *
 * @param hostPort the port Sagebox reaches Jupyter at on {@code host}
 * @param host 127.0.0.1 where the port is published on loopback; the container's address on its internal network for
 *     an instance without direct internet access (records stored before it existed read as 127.0.0.1); the node's
 *     address for a swarm task
 * @param node the swarm node Jupyter runs on, where its ML storage volume is; empty on one Docker engine
 */
public record NotebookServer(String containerId, int hostPort, String host, String node) {
    /** Where a published port is reached. */
    public static final String LOOPBACK = "127.0.0.1";

    public NotebookServer {
        Objects.requireNonNull(containerId, "containerId");
        host = host == null ? LOOPBACK : host;
        node = node == null ? "" : node;
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort out of range: " + hostPort);
        }
    }

    /** A server published on loopback. */
    public NotebookServer(String containerId, int hostPort) {
        this(containerId, hostPort, LOOPBACK);
    }

    /** A server of this host's engine, reached at {@code host}. */
    public NotebookServer(String containerId, int hostPort, String host) {
        this(containerId, hostPort, host, "");
    }

}
