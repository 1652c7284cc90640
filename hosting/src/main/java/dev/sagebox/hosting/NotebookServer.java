package dev.sagebox.hosting;

import java.util.Objects;

/**
 * The Jupyter server of a notebook instance in service: its container, where it is published on loopback, and the
 * token only Sagebox knows, without which Jupyter answers nothing.
 */
public record NotebookServer(String containerId, int hostPort, String token) {
    public NotebookServer {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(token, "token");
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort out of range: " + hostPort);
        }
    }

    @Override
    public String toString() {
        // Never print the token.
        return "NotebookServer[containerId=" + containerId + ", hostPort=" + hostPort + "]";
    }
}
