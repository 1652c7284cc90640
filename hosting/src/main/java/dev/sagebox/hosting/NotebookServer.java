package dev.sagebox.hosting;

import java.util.Objects;

/**
 * The Jupyter server of a notebook instance in service: its container and where Sagebox reaches it. The token Jupyter
 * answers to is not part of it (this is stored): {@link JupyterTokens} derives it when needed.
 *
 * @param hostPort the port Sagebox reaches Jupyter at on {@code host}
 * @param host 127.0.0.1 where the port is published on loopback; the container's address on its internal network for
 *     an instance without direct internet access (records stored before it existed read as 127.0.0.1)
 */
public record NotebookServer(String containerId, int hostPort, String host) {
    /** Where a published port is reached. */
    public static final String LOOPBACK = "127.0.0.1";

    public NotebookServer {
        Objects.requireNonNull(containerId, "containerId");
        host = host == null ? LOOPBACK : host;
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort out of range: " + hostPort);
        }
    }

    /** A server published on loopback. */
    public NotebookServer(String containerId, int hostPort) {
        this(containerId, hostPort, LOOPBACK);
    }

}
