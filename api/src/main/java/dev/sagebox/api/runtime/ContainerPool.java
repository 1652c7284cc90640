package dev.sagebox.api.runtime;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle keep-alive connections of one lane loop to inference containers, by container address. A connection the
 * container closes while idle leaves at once (its read of the end of stream removes it), and the address goes with
 * its last idle connection. An address whose connections were all in use when they closed keeps its empty entry
 * (kept on purpose when emptied by {@link #acquire}, so a busy address costs no allocation). Used on its loop's
 * thread only.
 */
final class ContainerPool {
    private static final int MAX_IDLE_PER_ADDRESS = 64;
    private final Map<URI, ArrayDeque<ContainerLink>> idle = new HashMap<>();

    /** An idle connection to {@code address}, or null. */
    ContainerLink acquire(URI address) {
        ArrayDeque<ContainerLink> links = idle.get(address);
        if (links == null) {
            return null;
        }
        // An emptied address stays until a connection to it closes while idle, so a busy one costs no allocation.
        return links.pollLast();
    }

    /** Keeps {@code link}, whose exchange is complete, for the next invocation; closes it when enough are kept. */
    void release(ContainerLink link) {
        ArrayDeque<ContainerLink> links = idle.computeIfAbsent(link.address(), a -> new ArrayDeque<>());
        if (links.size() >= MAX_IDLE_PER_ADDRESS) {
            link.close();
            return;
        }
        links.addLast(link);
    }

    /** Forgets {@code link} (closed while idle). */
    void remove(ContainerLink link) {
        ArrayDeque<ContainerLink> links = idle.get(link.address());
        if (links != null) {
            links.remove(link);
            if (links.isEmpty()) {
                idle.remove(link.address());
            }
        }
    }

    int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
