package dev.sagebox.docker;

/** The image is not present locally (Sagebox never pulls). */
public final class NoSuchImageException extends ContainerEngineException {
    private final String image;

    public NoSuchImageException(String image, Throwable cause) {
        super("Image " + image + " does not exist locally; build it first (Sagebox never pulls images).", cause);
        this.image = image;
    }

    public String image() {
        return image;
    }
}
