package dev.sagebox.hosting;

/** Asks a notebook instance's Jupyter server whether it answers; component tests pass one that needs no network. */
@FunctionalInterface
public interface NotebookProbe {
    /** Whether Jupyter answers an authorised API request under {@code basePath} at {@code host}:{@code port}. */
    boolean answers(String host, int port, String basePath, String token);
}
