package dev.sagebox.hosting;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one invocation goes: the variant and the instance chosen. The instance counts it as in flight until
 * {@link #release()} (idempotent), which the caller must call once the invocation is over.
 */
public final class Route {
    private final String endpointName;
    private final ServingInstance instance;
    private final InvocationMeter meter;
    private final AtomicBoolean released = new AtomicBoolean();

    Route(String endpointName, ServingInstance instance, InvocationMeter meter) {
        this.endpointName = endpointName;
        this.instance = instance;
        this.meter = meter;
        instance.acquire();
    }

    /** What records this invocation: its variant's meter. */
    public InvocationMeter meter() {
        return meter;
    }

    public String endpointName() {
        return endpointName;
    }

    public String variantName() {
        return instance.variantName();
    }

    public String instanceId() {
        return instance.id();
    }

    /** The containers' base URIs, primary first: a request passes through each in turn. */
    public List<URI> hops() {
        return instance.hops();
    }

    ServingInstance instance() {
        return instance;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            instance.release();
        }
    }
}
