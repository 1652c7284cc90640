package dev.sagebox.runner;

import java.util.Objects;

/** One host of a job ({@code algo-N}) and the container it runs in. */
public record HostContainer(String name, String containerId) {
    public HostContainer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(containerId, "containerId");
    }
}
