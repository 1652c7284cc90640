package dev.sagebox.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what this Sagebox server left in Docker for resources that are no longer live: containers, then networks,
 * then volumes carrying {@code sagebox.managed=true} and this server's {@code sagebox.instance}. Anything of another
 * server, or not managed by Sagebox, is never touched.
 */
public final class ContainerReaper {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerReaper.class);

    private final ContainerEngine engine;
    private final String serverId;

    public ContainerReaper(ContainerEngine engine, String serverId) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.serverId = Objects.requireNonNull(serverId, "serverId");
        if (serverId.isBlank()) {
            throw new IllegalArgumentException("serverId must not be blank");
        }
    }

    /** What one {@link #reap} removed: container ids, network names, volume names. */
    public record Reaped(List<String> containers, List<String> networks, List<String> volumes) {
        public Reaped {
            containers = List.copyOf(containers);
            networks = List.copyOf(networks);
            volumes = List.copyOf(volumes);
        }

        public boolean isEmpty() {
            return containers.isEmpty() && networks.isEmpty() && volumes.isEmpty();
        }
    }

    /**
     * Removes this server's leftovers whose {@code sagebox.resource} is not in {@code liveResourceArns} (or that have
     * none). A removal that fails is logged and skipped, so one stuck object cannot block start-up.
     */
    public Reaped reap(Set<String> liveResourceArns) {
        Set<String> live = Set.copyOf(liveResourceArns);
        Map<String, String> ours = Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE,
                SageboxLabels.INSTANCE, serverId);

        List<String> containers = new ArrayList<>();
        for (ContainerState c : engine.containersWithLabels(ours)) {
            if (isOrphan(c.labels(), live) && removed("container " + c.name(), () -> engine.remove(c.id()))) {
                containers.add(c.id());
            }
        }
        // Networks and volumes only after the containers that use them are gone.
        List<String> networks = new ArrayList<>();
        for (LabelledObject n : engine.listNetworks(ours)) {
            if (isOrphan(n.labels(), live) && removed("network " + n.name(), () -> engine.removeNetwork(n.name()))) {
                networks.add(n.name());
            }
        }
        List<String> volumes = new ArrayList<>();
        for (LabelledObject v : engine.listVolumes(ours)) {
            if (isOrphan(v.labels(), live) && removed("volume " + v.name(), () -> engine.removeVolume(v.name()))) {
                volumes.add(v.name());
            }
        }
        Reaped reaped = new Reaped(containers, networks, volumes);
        if (!reaped.isEmpty()) {
            LOG.info("removed leftovers of server {}: {} containers, {} networks, {} volumes", serverId,
                    containers.size(), networks.size(), volumes.size());
        }
        return reaped;
    }

    /**
     * True if the labels mark an object of this server whose resource is not live. Checked here again even though
     * the engine filtered by label, so an engine that ignores filters can never make the reaper remove others' objects.
     */
    boolean isOrphan(Map<String, String> labels, Set<String> liveResourceArns) {
        if (!SageboxLabels.MANAGED_VALUE.equals(labels.get(SageboxLabels.MANAGED))
                || !serverId.equals(labels.get(SageboxLabels.INSTANCE))) {
            return false;
        }
        if ("true".equals(labels.get(SageboxLabels.SHARED))) {
            return false;
        }
        String resource = labels.get(SageboxLabels.RESOURCE);
        return resource == null || !liveResourceArns.contains(resource);
    }

    private static boolean removed(String what, Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (ContainerEngineException e) {
            if (e instanceof EngineUnavailableException) {
                throw e;
            }
            LOG.warn("could not remove {}: {}", what, e.getMessage());
            return false;
        }
    }
}
