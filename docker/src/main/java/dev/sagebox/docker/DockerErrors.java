package dev.sagebox.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java and transport failures into the port's exceptions, with messages a user can act on. */
final class DockerErrors {
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d+: ");

    private DockerErrors() {
    }

    static RuntimeException translate(String action, RuntimeException e, URI host) {
        if (e instanceof ContainerEngineException || e instanceof IllegalArgumentException) {
            return e;
        }
        IOException io = ioCause(e);
        if (io instanceof InterruptedIOException) {
            return new EngineUnavailableException(
                    "The Docker engine at " + host + " did not answer in time (" + action + "): " + io.getMessage(), e);
        }
        if (io != null) {
            return new EngineUnavailableException("No Docker engine answers at " + host + " (" + io
                    + "). Start Docker (docker/scripts/ensure-engine.sh does it on Debian) or set DOCKER_HOST.", e);
        }
        if (e instanceof DockerException d) {
            return new ContainerEngineException(
                    action + " failed: HTTP " + d.getHttpStatus() + ": " + engineMessage(d), e);
        }
        return new ContainerEngineException(action + " failed: " + e, e);
    }

    /** The engine's own words from an error body like {@code {"message":"No such image: x"}}. */
    static String engineMessage(RuntimeException e) {
        String text = String.valueOf(e.getMessage());
        Matcher m = MESSAGE.matcher(text);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").strip();
        }
        return STATUS_PREFIX.matcher(text).replaceFirst("").strip();
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
