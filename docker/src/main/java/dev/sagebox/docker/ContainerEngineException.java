package dev.sagebox.docker;

/** A failed container engine call. */
public class ContainerEngineException extends RuntimeException {
    public ContainerEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
