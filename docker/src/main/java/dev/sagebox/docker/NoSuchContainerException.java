package dev.sagebox.docker;

/** The container does not exist (it was never created, or has been removed). */
public final class NoSuchContainerException extends ContainerEngineException {
    private final String containerId;

    public NoSuchContainerException(String containerId, Throwable cause) {
        super("No such container: " + containerId, cause);
        this.containerId = containerId;
    }

    public String containerId() {
        return containerId;
    }
}
