package dev.sagebox.hosting;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running instance of a variant: its containers (primary first, sharing one network namespace) and the loopback
 * address of each container's server (on the endpoint network), in the order a request passes through them. Counts the invocations it is
 * serving, for even spreading and for draining before it is stopped.
 */
public final class ServingInstance {
    private final String id;
    private final String variantName;
    private final int generation;
    private final List<String> containerIds;
    private final List<URI> hops;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger missedPings = new AtomicInteger();

    public ServingInstance(String id, String variantName, int generation, List<String> containerIds, List<URI> hops) {
        this.id = Objects.requireNonNull(id, "id");
        this.variantName = Objects.requireNonNull(variantName, "variantName");
        this.generation = generation;
        this.containerIds = List.copyOf(containerIds);
        this.hops = List.copyOf(hops);
        if (hops.isEmpty() || hops.size() != containerIds.size()) {
            throw new IllegalArgumentException("one address per container");
        }
    }

    public String id() {
        return id;
    }

    public String variantName() {
        return variantName;
    }

    public int generation() {
        return generation;
    }

    public List<String> containerIds() {
        return containerIds;
    }

    /** Base URIs ({@code http://<address on the endpoint network>:port}) of the containers, primary first. */
    public List<URI> hops() {
        return hops;
    }

    public URI primary() {
        return hops.get(0);
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Counts a /ping that went unanswered; returns how many in a row. */
    int missedPing() {
        return missedPings.incrementAndGet();
    }

    void answeredPing() {
        missedPings.set(0);
    }

    void acquire() {
        inFlight.incrementAndGet();
    }

    void release() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return variantName + "/" + id;
    }
}
