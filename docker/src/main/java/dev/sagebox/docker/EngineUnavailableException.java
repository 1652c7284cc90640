package dev.sagebox.docker;

/** No container engine answers. */
public final class EngineUnavailableException extends ContainerEngineException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
