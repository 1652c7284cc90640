package dev.sagebox.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;

/**
 * An in-memory {@link ContainerEngine} for tests. It keeps images, networks, volumes and containers like an engine
 * would (same refusals: missing image, name in use, unknown network, network or volume in use), records every spec
 * it started, and lets the test drive each container: write output, exit with a code, react to SIGTERM.
 *
 * <p>Nothing runs by itself: a started container runs until the test (or an {@link #onStart} behaviour) exits it,
 * or {@link #stop}/{@link #remove} ends it. Thread-safe; {@link #awaitExit} really blocks until another thread exits
 * the container or the timeout passes. Other modules use it through this module's test-jar.
 */
public final class FakeContainerEngine implements ContainerEngine {
    /** Exit code of a process killed by SIGTERM (128 + 15), which is what a container without a handler reports. */
    public static final int SIGTERM_EXIT = 143;
    /** Exit code of a process killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    private static final int FIRST_HOST_PORT = 32768;
    private static final String DEFAULT_BRIDGE = "bridge";

    private final Set<String> images = new HashSet<>();
    private final List<ImageBuild> builds = new ArrayList<>();
    private final Map<String, Map<String, String>> networks = new LinkedHashMap<>();
    private final Map<String, NetworkOptions> networkOptions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private final List<ContainerSpec> started = new ArrayList<>();
    private final List<Consumer<FakeContainer>> startBehaviours = new CopyOnWriteArrayList<>();
    private EngineInfo info = new EngineInfo("fake", "1.41", 4, 16L << 30, List.of("runc"));
    private boolean unavailable;
    private boolean closed;
    private RuntimeException nextStartFailure;
    private long sequence;
    private int nextHostPort = FIRST_HOST_PORT;
    private ToIntBiFunction<ContainerSpec, Integer> hostPorts = (spec, port) -> nextHostPort++;

    private boolean sharedNetworkNamespaces = true;
    private List<String> nodes = List.of();
    private int nextNode;

    public FakeContainerEngine(String... images) {
        this.images.addAll(List.of(images));
    }

    /** As a swarm: containers cannot join another's network namespace, and say so through the port. */
    public synchronized FakeContainerEngine withoutSharedNetworkNamespaces() {
        sharedNetworkNamespaces = false;
        return this;
    }

    /** As a swarm of these nodes: a container whose spec names no node is placed on the next one in turn. */
    public synchronized FakeContainerEngine withNodes(String... names) {
        nodes = List.of(names);
        return this;
    }

    @Override
    public synchronized boolean sharesNetworkNamespaces() {
        return sharedNetworkNamespaces;
    }

    // ---- set-up --------------------------------------------------------------------------------------------------

    public synchronized FakeContainerEngine addImage(String image) {
        images.add(image);
        return this;
    }

    public synchronized void removeImage(String image) {
        images.remove(image);
    }

    public synchronized void setInfo(EngineInfo value) {
        info = value;
    }

    /** While true every call fails with {@link EngineUnavailableException}, as if the engine were down. */
    public synchronized void setUnavailable(boolean value) {
        unavailable = value;
    }

    /**
     * Chooses the loopback port each published container port gets, as the engine chooses a free one: a test points
     * it at a server of its own that stands in for the container's. Called while the container is created.
     */
    public synchronized FakeContainerEngine publishPortsWith(ToIntBiFunction<ContainerSpec, Integer> chooser) {
        this.hostPorts = chooser;
        return this;
    }

    /** The next {@link #start} throws this (after the usual checks) and leaves no container behind. */
    public synchronized void failNextStart(RuntimeException failure) {
        nextStartFailure = failure;
    }

    /**
     * Runs for every container right after it started (on the starting thread, outside the engine's lock): emit
     * output, exit at once, or hand the container to another thread.
     */
    public void onStart(Consumer<FakeContainer> behaviour) {
        startBehaviours.add(behaviour);
    }

    // ---- what happened -----------------------------------------------------------------------------------------

    /** Every spec {@link #start} accepted, in order, including containers since removed. */
    public synchronized List<ContainerSpec> startedSpecs() {
        return List.copyOf(started);
    }

    /** The containers that exist now (running or exited, not removed). */
    public synchronized List<FakeContainer> containers() {
        return List.copyOf(containers.values());
    }

    /** A container that exists now, by id or name. */
    public synchronized Optional<FakeContainer> container(String idOrName) {
        FakeContainer byId = containers.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return containers.values().stream().filter(c -> c.spec.name().equals(idOrName)).findFirst();
    }

    /** Blocks until a container matching {@code condition} exists, or fails after {@code timeout}. */
    public synchronized FakeContainer awaitContainer(Predicate<FakeContainer> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (FakeContainer c : containers.values()) {
                if (condition.test(c)) {
                    return c;
                }
            }
            waitUntil(deadline, "no matching container within " + timeout);
        }
    }

    /** Network name to labels. */
    public synchronized Map<String, Map<String, String>> networks() {
        return Map.copyOf(networks);
    }

    /** Volume name to labels. */
    public synchronized Map<String, Map<String, String>> volumes() {
        return Map.copyOf(volumes);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    // ---- the port ----------------------------------------------------------------------------------------------

    @Override
    public synchronized EngineInfo info() {
        check();
        return info;
    }

    @Override
    public synchronized boolean imageExists(String image) {
        check();
        return images.contains(image);
    }

    /**
     * Builds as the engine does without pulling: the Dockerfile's {@code FROM} image (its {@code ARG} default or the
     * build argument) must be present; then the tag exists, and each instruction is reported as a step.
     */
    @Override
    public void buildImage(ImageBuild build, java.util.function.Consumer<String> progress) {
        List<String> instructions;
        try {
            instructions = java.nio.file.Files.readAllLines(build.context().resolve("Dockerfile")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new ContainerEngineException("building " + build.tag() + " failed: no Dockerfile in "
                    + build.context(), e);
        }
        Map<String, String> args = new HashMap<>();
        String base = null;
        for (String line : instructions) {
            if (line.startsWith("ARG ") && line.contains("=")) {
                String[] kv = line.substring(4).split("=", 2);
                args.put(kv[0].strip(), build.buildArgs().getOrDefault(kv[0].strip(), kv[1].strip()));
            } else if (line.startsWith("FROM ") && base == null) {
                base = line.substring(5).strip();
                for (Map.Entry<String, String> arg : args.entrySet()) {
                    base = base.replace("${" + arg.getKey() + "}", arg.getValue());
                }
            }
        }
        synchronized (this) {
            check();
            if (base == null || !images.contains(base)) {
                throw new ContainerEngineException("building " + build.tag() + " failed: the base image " + base
                        + " is not present (nothing is pulled)", null);
            }
            for (int i = 0; i < instructions.size(); i++) {
                progress.accept("Step " + (i + 1) + "/" + instructions.size() + " : " + instructions.get(i));
            }
            images.add(build.tag());
            builds.add(build);
        }
    }

    /** The images built so far, in order. */
    public synchronized List<ImageBuild> builds() {
        return List.copyOf(builds);
    }

    @Override
    public synchronized void createNetwork(String name, Map<String, String> labels, NetworkOptions options) {
        check();
        if (networks.putIfAbsent(name, Map.copyOf(labels)) == null) {
            networkOptions.put(name, options);
        }
    }

    /** How each network was created. */
    public synchronized Map<String, NetworkOptions> networkOptions() {
        return Map.copyOf(networkOptions);
    }

    @Override
    public synchronized void removeNetwork(String name) {
        check();
        if (!networks.containsKey(name)) {
            return;
        }
        boolean inUse = containers.values().stream()
                .anyMatch(c -> c.running && c.spec.network().map(name::equals).orElse(false));
        if (inUse) {
            throw new ContainerEngineException("error while removing network: network " + name
                    + " has active endpoints", null);
        }
        networks.remove(name);
        networkOptions.remove(name);
    }

    @Override
    public synchronized List<LabelledObject> listNetworks(Map<String, String> labels) {
        check();
        return networks.entrySet().stream().filter(e -> hasAll(e.getValue(), labels))
                .map(e -> new LabelledObject(e.getKey(), e.getValue())).toList();
    }

    @Override
    public String start(ContainerSpec spec) {
        FakeContainer container;
        synchronized (this) {
            check();
            ContainerSpecRules.check(spec);
            if (!images.contains(spec.image())) {
                throw new NoSuchImageException(spec.image(), null);
            }
            if (containers.values().stream().anyMatch(c -> c.spec.name().equals(spec.name()))) {
                throw new ContainerEngineException("Conflict. The container name \"/" + spec.name()
                        + "\" is already in use", null);
            }
            if (spec.network().isPresent() && !networks.containsKey(spec.network().get())
                    && !ContainerSecurity.NO_NETWORK.equals(spec.network().get())) {
                throw new ContainerEngineException("network " + spec.network().get() + " not found", null);
            }
            if (spec.joinNetworkOf().isPresent() && !sharedNetworkNamespaces) {
                throw new ContainerEngineException("A swarm task cannot join another container's network namespace ("
                        + spec.name() + ")", null);
            }
            if (spec.joinNetworkOf().isPresent()) {
                FakeContainer owner = containers.get(spec.joinNetworkOf().get());
                if (owner == null || !owner.running) {
                    throw new ContainerEngineException("cannot join network of a non running container: "
                            + spec.joinNetworkOf().get(), null);
                }
            }
            if (nextStartFailure != null) {
                RuntimeException failure = nextStartFailure;
                nextStartFailure = null;
                throw failure;
            }
            for (Mount mount : spec.mounts()) {
                if (mount.kind() == Mount.Kind.VOLUME) {
                    // Like the engine: mounting an unknown named volume creates it.
                    volumes.putIfAbsent(mount.source(), Map.of());
                }
            }
            sequence++;
            ContainerSpec placed = spec.node().isEmpty() && !nodes.isEmpty()
                    ? spec.withNode(nodes.get(nextNode++ % nodes.size())) : spec;
            container = new FakeContainer(idFor(spec.name(), sequence), placed, publish(spec), addresses(spec));
            containers.put(container.id, container);
            started.add(placed);
            notifyAll();
        }
        for (Consumer<FakeContainer> behaviour : startBehaviours) {
            behaviour.accept(container);
        }
        return container.id;
    }

    @Override
    public synchronized Optional<ContainerState> inspect(String containerId) {
        check();
        return Optional.ofNullable(containers.get(containerId)).map(FakeContainer::state);
    }

    @Override
    public synchronized OptionalInt awaitExit(String containerId, Duration timeout) {
        check();
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            FakeContainer c = containers.get(containerId);
            if (c == null) {
                throw new NoSuchContainerException(containerId, null);
            }
            if (!c.running) {
                return c.exitCode;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return OptionalInt.empty();
            }
            waitNanos(left);
        }
    }

    @Override
    public void stop(String containerId, Duration grace) {
        FakeContainer c;
        synchronized (this) {
            check();
            c = containers.get(containerId);
            if (c == null || !c.running) {
                return;
            }
            c.stopRequests.add(grace);
        }
        Runnable onSigterm = c.onSigterm;
        if (onSigterm != null) {
            onSigterm.run();
        }
        synchronized (this) {
            if (c.running) {
                // No time passes in the fake: a container that ignores SIGTERM is killed "after the grace".
                c.finish(c.exitOnSigterm.isPresent() ? c.exitOnSigterm.getAsInt() : SIGKILL_EXIT);
            }
        }
        c.endFollows();
    }

    @Override
    public void remove(String containerId) {
        FakeContainer c;
        synchronized (this) {
            check();
            c = containers.remove(containerId);
            if (c == null) {
                return;
            }
            if (c.running) {
                c.finish(SIGKILL_EXIT);
            }
            notifyAll();
        }
        c.endFollows();
    }

    @Override
    public synchronized List<ContainerState> containersWithLabels(Map<String, String> labels) {
        check();
        return containers.values().stream().filter(c -> hasAll(c.spec.labels(), labels)).map(FakeContainer::state)
                .toList();
    }

    @Override
    public LogFollow followLogs(String containerId, LogSink sink) {
        return follow(containerId, false, Optional.empty(), sink);
    }

    @Override
    public LogFollow followTimestampedLogs(String containerId, Optional<Instant> since, LogSink sink) {
        return follow(containerId, true, since, sink);
    }

    @Override
    public LogFollow followOutput(String containerId, LogSink sink) {
        synchronized (this) {
            FakeContainer c = containers.get(containerId);
            if (c != null && !c.running) {
                // As Docker: "You cannot attach to a stopped container".
                throw new NoSuchContainerException(containerId, null);
            }
        }
        return follow(containerId, false, Optional.empty(), sink);
    }

    private LogFollow follow(String containerId, boolean timestamps, Optional<Instant> since, LogSink sink) {
        FakeFollow follow;
        List<Chunk> past;
        boolean exited;
        FakeContainer c;
        synchronized (this) {
            check();
            c = containers.get(containerId);
            if (c == null) {
                throw new NoSuchContainerException(containerId, null);
            }
            follow = new FakeFollow(sink, timestamps, since);
            past = List.copyOf(c.output);
            exited = !c.running;
            if (!exited) {
                c.follows.add(follow);
            }
            // Replay under the follow's lock so later chunks cannot overtake the past ones.
            follow.lock.lock();
        }
        try {
            past.forEach(follow::deliverLocked);
        } finally {
            follow.lock.unlock();
        }
        if (exited) {
            follow.close();
        }
        return follow;
    }

    @Override
    public synchronized void createVolume(String name, Map<String, String> labels) {
        check();
        volumes.putIfAbsent(name, Map.copyOf(labels));
    }

    @Override
    public synchronized void removeVolume(String name) {
        check();
        if (!volumes.containsKey(name)) {
            return;
        }
        boolean inUse = containers.values().stream().anyMatch(c -> c.spec.mounts().stream()
                .anyMatch(m -> m.kind() == Mount.Kind.VOLUME && m.source().equals(name)));
        if (inUse) {
            throw new ContainerEngineException("remove " + name + ": volume is in use", null);
        }
        volumes.remove(name);
    }

    @Override
    public synchronized List<LabelledObject> listVolumes(Map<String, String> labels) {
        check();
        return volumes.entrySet().stream().filter(e -> hasAll(e.getValue(), labels))
                .map(e -> new LabelledObject(e.getKey(), e.getValue())).toList();
    }

    @Override
    public void close() {
        List<FakeContainer> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(containers.values());
            notifyAll();
        }
        all.forEach(FakeContainer::endFollows);
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private void check() {
        if (closed) {
            throw new IllegalStateException("the container engine has been closed");
        }
        if (unavailable) {
            throw new EngineUnavailableException("No Docker engine answers at fake://engine (set unavailable)", null);
        }
    }

    private Map<Integer, Integer> publish(ContainerSpec spec) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (int port : spec.publishedPorts()) {
            ports.put(port, hostPorts.applyAsInt(spec, port));
        }
        return ports;
    }

    private Map<String, String> addresses(ContainerSpec spec) {
        if (spec.joinNetworkOf().isPresent()) {
            return Map.of();
        }
        String host = (sequence / 250) + "." + (sequence % 250 + 2);
        // As the engine: without a network of its own a container is on the default bridge, and has an address there.
        return spec.network().filter(n -> !ContainerSecurity.NO_NETWORK.equals(n))
                .map(n -> Map.of(n, "172.18." + host))
                .orElse(spec.network().isEmpty() ? Map.of(DEFAULT_BRIDGE, "172.17." + host) : Map.of());
    }

    private static String idFor(String name, long sequence) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + "#" + sequence).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasAll(Map<String, String> labels, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private void waitUntil(long deadlineNanos, String failure) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError(failure);
        }
        waitNanos(left);
    }

    private void waitNanos(long nanos) {
        try {
            long millis = Math.max(1, nanos / 1_000_000);
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerEngineException("interrupted", e);
        }
    }

    /** Output as written, with the time it was written (the engine's stamp when followed with timestamps). */
    private record Chunk(boolean stderr, byte[] bytes, Instant written) {
    }

    /** One container of the fake; the test drives it through these methods. */
    public final class FakeContainer {
        private final String id;
        private final ContainerSpec spec;
        private final Map<Integer, Integer> publishedPorts;
        private final Map<String, String> ipAddresses;
        private final List<Chunk> output = new ArrayList<>(); // guarded by the engine
        private final List<FakeFollow> follows = new ArrayList<>(); // guarded by the engine
        private final List<Duration> stopRequests = new ArrayList<>(); // guarded by the engine
        private boolean running = true; // guarded by the engine
        private OptionalInt exitCode = OptionalInt.empty(); // guarded by the engine
        private boolean oomKilled; // guarded by the engine
        private OptionalInt exitOnSigterm = OptionalInt.of(SIGTERM_EXIT); // guarded by the engine
        private volatile Runnable onSigterm;

        private FakeContainer(String id, ContainerSpec spec, Map<Integer, Integer> publishedPorts,
                Map<String, String> ipAddresses) {
            this.id = id;
            this.spec = spec;
            this.publishedPorts = publishedPorts;
            this.ipAddresses = ipAddresses;
        }

        public String id() {
            return id;
        }

        public ContainerSpec spec() {
            return spec;
        }

        public boolean running() {
            synchronized (FakeContainerEngine.this) {
                return running;
            }
        }

        public OptionalInt exitCode() {
            synchronized (FakeContainerEngine.this) {
                return exitCode;
            }
        }

        /** The grace periods of the {@code stop} calls that reached it while it ran. */
        public List<Duration> stopRequests() {
            synchronized (FakeContainerEngine.this) {
                return List.copyOf(stopRequests);
            }
        }

        /** Everything written so far, stdout and stderr interleaved, as UTF-8. */
        public String output() {
            synchronized (FakeContainerEngine.this) {
                StringBuilder text = new StringBuilder();
                output.forEach(chunk -> text.append(new String(chunk.bytes(), StandardCharsets.UTF_8)));
                return text.toString();
            }
        }

        public FakeContainer stdout(String text) {
            return write(false, text);
        }

        public FakeContainer stderr(String text) {
            return write(true, text);
        }

        /** The process exits with {@code code}; ignored if it already ended. */
        public void exit(int code) {
            synchronized (FakeContainerEngine.this) {
                if (!running) {
                    return;
                }
                finish(code);
            }
            endFollows();
        }

        /** Marks it killed by the OOM killer and ends it with 137, as the engine reports it. */
        public void oomKill() {
            synchronized (FakeContainerEngine.this) {
                oomKilled = true;
            }
            exit(SIGKILL_EXIT);
        }

        /** On SIGTERM it exits with {@code code} (a trap that cleans up and exits) instead of dying with 143. */
        public FakeContainer exitOnSigterm(int code) {
            synchronized (FakeContainerEngine.this) {
                exitOnSigterm = OptionalInt.of(code);
            }
            return this;
        }

        /** It ignores SIGTERM, so {@code stop} ends it with SIGKILL (137) after the grace period. */
        public FakeContainer ignoreSigterm() {
            synchronized (FakeContainerEngine.this) {
                exitOnSigterm = OptionalInt.empty();
            }
            return this;
        }

        /** Runs when {@code stop} sends SIGTERM, before it exits (e.g. to write output or exit with its own code). */
        public FakeContainer onSigterm(Runnable action) {
            onSigterm = action;
            return this;
        }

        private FakeContainer write(boolean stderr, String text) {
            Chunk chunk = new Chunk(stderr, text.getBytes(StandardCharsets.UTF_8), Instant.now());
            List<FakeFollow> targets;
            synchronized (FakeContainerEngine.this) {
                if (!running) {
                    throw new IllegalStateException("container " + spec.name() + " has exited; it cannot write");
                }
                output.add(chunk);
                targets = List.copyOf(follows);
            }
            targets.forEach(f -> f.deliver(chunk));
            return this;
        }

        /** Caller holds the engine's lock; follows are ended by the caller after releasing it. */
        private void finish(int code) {
            running = false;
            exitCode = OptionalInt.of(code);
            FakeContainerEngine.this.notifyAll();
        }

        private void endFollows() {
            List<FakeFollow> ending;
            synchronized (FakeContainerEngine.this) {
                ending = List.copyOf(follows);
                follows.clear();
            }
            ending.forEach(FakeFollow::close);
        }

        private ContainerState state() {
            return new ContainerState(id, spec.name(), running, running ? OptionalInt.empty() : exitCode, oomKilled,
                    spec.labels(), publishedPorts, ipAddresses, "127.0.0.1", spec.node().orElse(""));
        }
    }

    /** A follow that delivers on the writing thread; after close (or end) the sink hears nothing more. */
    private static final class FakeFollow implements LogFollow {
        private final ReentrantLock lock = new ReentrantLock();
        private final CountDownLatch done = new CountDownLatch(1);
        private final LogSink sink;
        private final boolean timestamps;
        private final Optional<Instant> since;
        private boolean ended; // guarded by lock

        FakeFollow(LogSink sink, boolean timestamps, Optional<Instant> since) {
            this.sink = sink;
            this.timestamps = timestamps;
            this.since = since;
        }

        void deliver(Chunk chunk) {
            lock.lock();
            try {
                deliverLocked(chunk);
            } finally {
                lock.unlock();
            }
        }

        void deliverLocked(Chunk chunk) {
            if (ended) {
                return;
            }
            if (!timestamps) {
                sink.accept(chunk.stderr(), chunk.bytes().clone());
                return;
            }
            // As Docker: whole seconds for since, and each line of the chunk is one stamped entry.
            if (since.isPresent() && chunk.written().getEpochSecond() < since.get().getEpochSecond()) {
                return;
            }
            String text = new String(chunk.bytes(), StandardCharsets.UTF_8);
            for (String entry : text.split("(?<=\n)")) {
                if (!entry.isEmpty()) {
                    sink.accept(chunk.stderr(), (chunk.written() + " " + entry).getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        @Override
        public boolean awaitEnd(Duration timeout) {
            try {
                return done.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                ended = true;
                sink.end();
            } finally {
                lock.unlock();
                done.countDown();
            }
        }
    }
}
