package dev.sagebox.hosting;

/** Asks a notebook instance's Jupyter server whether it answers; component tests pass one that needs no network. */
@FunctionalInterface
public interface NotebookProbe {
    /** Whether Jupyter answers an authorised API request under {@code basePath} on loopback port {@code hostPort}. */
    boolean answers(int hostPort, String basePath, String token);
}
