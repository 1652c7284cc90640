package dev.sagebox.hosting;

import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background half of notebook instances: brings Jupyter up (Pending to InService or Failed), takes it down
 * (Stopping to Stopped), deletes (Deleting to gone), notices a server that died (InService to Failed) and recovers
 * every instance at start-up. Knows, without touching the record store, where each instance in service answers, so
 * the proxy in front of Jupyter never blocks on it.
 */
public final class NotebookLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotebookLifecycle.class);

    private final NotebookInstanceRepository notebooks;
    private final NotebookRunner runner;
    private final JupyterTokens tokens;
    private final NotebookAccess access;
    private final Clock clock;
    private final Map<String, NotebookServer> serving = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService watcher;

    /**
     * @param environment what every Jupyter container gets in its environment (AWS endpoints and keys); read at each
     *     start, as the endpoints are known only once the API listens
     */
    public NotebookLifecycle(NotebookInstanceRepository notebooks, ContainerEngine engine, NotebookProbe probe,
            NotebookSettings settings, Supplier<Map<String, String>> environment, NotebookAccess access, LogStore logs,
            Clock clock) {
        this(notebooks, engine, probe, settings, environment, access, logs, clock, Optional.empty());
    }

    /**
     * @param credentials issues each notebook instance its own credentials (the policy of its RoleArn: what the
     *     configured user may do), revoked when it stops; empty: {@code environment} carries the keys
     */
    public NotebookLifecycle(NotebookInstanceRepository notebooks, ContainerEngine engine, NotebookProbe probe,
            NotebookSettings settings, Supplier<Map<String, String>> environment, NotebookAccess access, LogStore logs,
            Clock clock, Optional<CredentialIssuer> credentials) {
        this(notebooks, engine, probe, settings, environment, access, logs, clock, credentials,
                JupyterTokens.ephemeral());
    }

    /** @param tokens the tokens each instance's Jupyter answers to, the same after a restart to adopt it */
    public NotebookLifecycle(NotebookInstanceRepository notebooks, ContainerEngine engine, NotebookProbe probe,
            NotebookSettings settings, Supplier<Map<String, String>> environment, NotebookAccess access, LogStore logs,
            Clock clock, Optional<CredentialIssuer> credentials, JupyterTokens tokens) {
        this(notebooks, NotebookEngines.one(engine), probe, settings, environment, access, logs, clock, credentials,
                tokens);
    }

    /** @param engines where instances run: one engine, or a swarm and the manager's own engine */
    public NotebookLifecycle(NotebookInstanceRepository notebooks, NotebookEngines engines, NotebookProbe probe,
            NotebookSettings settings, Supplier<Map<String, String>> environment, NotebookAccess access, LogStore logs,
            Clock clock, Optional<CredentialIssuer> credentials, JupyterTokens tokens) {
        this.notebooks = notebooks;
        this.tokens = tokens;
        this.runner = new NotebookRunner(engines, probe, settings, environment, logs, credentials, tokens, clock);
        this.access = access;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "notebook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notebook-watch");
            t.setDaemon(true);
            return t;
        });
        long every = settings.watchInterval().toMillis();
        // The watcher is this object's own and stops at close; watch() catches each instance's failure.
        var unused = watcher.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    /** Where the instance's Jupyter answers, while it is in service here. */
    public Optional<NotebookServer> server(String name) {
        return Optional.ofNullable(serving.get(key(name)));
    }

    /** The token the Jupyter of the instance called {@code name} answers to; only the proxy adds it to requests. */
    public String jupyterToken(String name) {
        return tokens.forNotebook(name);
    }

    /** Brings up the Jupyter of an instance just moved to Pending. */
    void launch(NotebookInstance notebook) {
        workers.execute(() -> bringUp(notebook));
    }

    /** Takes down the Jupyter of an instance just moved to Stopping; its volume stays. */
    void stop(NotebookInstance notebook) {
        forget(notebook.name());
        workers.execute(() -> takeDown(notebook));
    }

    /** Removes the container and volume of an instance just moved to Deleting, then its record. */
    void delete(NotebookInstance notebook) {
        forget(notebook.name());
        workers.execute(() -> remove(notebook));
    }

    /**
     * Picks up every instance where the last run of Sagebox left it: in-service ones get their Jupyter back (the
     * running container when it still answers, adopted before this returns so an instance that says InService serves
     * at once; else a new one on the same volume, in the background), unfinished transitions finish. Returns how many
     * instances are brought back into service.
     */
    public int recover() {
        int comingBack = 0;
        for (NotebookInstance notebook : notebooks.all()) {
            switch (notebook.status()) {
                case PENDING -> {
                    workers.execute(() -> bringUp(notebook));
                    comingBack++;
                }
                case IN_SERVICE -> {
                    if (!adopted(notebook)) {
                        workers.execute(() -> bringUp(notebook));
                    }
                    comingBack++;
                }
                case STOPPING -> workers.execute(() -> takeDown(notebook));
                case DELETING -> workers.execute(() -> remove(notebook));
                case UPDATING -> record(notebook.name(), NotebookInstanceStatus.UPDATING,
                        n -> n.moved(NotebookInstanceStatus.STOPPED, Optional.empty(), clock.instant()));
                case STOPPED, FAILED -> workers.execute(() -> quietly(notebook, () -> runner.stopContainers(notebook)));
                default -> throw new IllegalStateException("unexpected status " + notebook.status());
            }
        }
        return comingBack;
    }

    /** Whether the instance's Jupyter from before the restart still serves and is now routed to again. */
    private boolean adopted(NotebookInstance notebook) {
        try {
            Optional<NotebookServer> running = runner.adopt(notebook);
            if (running.isPresent() && serve(notebook, running.get())) {
                LOG.info("notebook instance {} in service on {}:{} (adopted after restart)", notebook.name(),
                        running.get().host(), running.get().hostPort());
                return true;
            }
        } catch (ContainerEngineException e) {
            LOG.warn("cannot adopt the Jupyter of notebook instance {}: {}", notebook.name(), e.getMessage());
        }
        return false;
    }

    /** Records the server and routes to it; false (and the server is removed) when the instance moved on meanwhile. */
    private boolean serve(NotebookInstance notebook, NotebookServer server) {
        Optional<NotebookInstance> now = notebooks.update(notebook.name(), n -> isComingUp(n)
                ? n.inService(server, clock.instant()) : n);
        if (now.isPresent() && now.get().server().filter(server::equals).isPresent()) {
            serving.put(key(notebook.name()), server);
            return true;
        }
        runner.stopContainers(notebook);
        return false;
    }

    private void bringUp(NotebookInstance notebook) {
        try {
            NotebookServer server = runner.launch(notebook);
            if (serve(notebook, server)) {
                LOG.info("notebook instance {} in service on {}:{}", notebook.name(), server.host(), server.hostPort());
            }
        } catch (NotebookLaunchFailure e) {
            fail(notebook, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("start of notebook instance {} interrupted by shutdown; it resumes at the next start",
                    notebook.name());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.info("start of notebook instance {} interrupted by shutdown: {}", notebook.name(), e.toString());
                return;
            }
            LOG.error("notebook instance {} failed inside Sagebox", notebook.name(), e);
            fail(notebook, "Sagebox could not start the notebook instance: " + e.getMessage());
        }
    }

    private static boolean isComingUp(NotebookInstance n) {
        return n.status() == NotebookInstanceStatus.PENDING || n.status() == NotebookInstanceStatus.IN_SERVICE;
    }

    private void fail(NotebookInstance notebook, String reason) {
        String trimmed = reason.length() > 1024 ? reason.substring(0, 1024) : reason;
        forget(notebook.name());
        notebooks.update(notebook.name(), n -> isComingUp(n)
                ? n.moved(NotebookInstanceStatus.FAILED, Optional.of(trimmed), clock.instant()) : n);
        LOG.warn("notebook instance {} failed: {}", notebook.name(), trimmed);
    }

    private void takeDown(NotebookInstance notebook) {
        quietly(notebook, () -> runner.stopContainers(notebook));
        record(notebook.name(), NotebookInstanceStatus.STOPPING,
                n -> n.moved(NotebookInstanceStatus.STOPPED, Optional.empty(), clock.instant()));
    }

    private void remove(NotebookInstance notebook) {
        quietly(notebook, () -> {
            runner.stopContainers(notebook);
            runner.removeVolume(notebook);
        });
        notebooks.delete(notebook.name());
        access.revoke(notebook.name());
    }

    /** Applies {@code change} if the instance is still in {@code expected}. */
    private void record(String name, NotebookInstanceStatus expected, UnaryOperator<NotebookInstance> change) {
        notebooks.update(name, n -> n.status() == expected ? change.apply(n) : n);
    }

    /** An instance in service whose Jupyter container died is Failed, with what happened as its reason. */
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent map: removing while iterating is defined
    private void watch() {
        for (Map.Entry<String, NotebookServer> e : serving.entrySet()) {
            try {
                Optional<String> dead = runner.deadReason(e.getValue());
                if (dead.isPresent() && serving.remove(e.getKey(), e.getValue())) {
                    String reason = dead.get() + ".";
                    notebooks.update(e.getKey(), n -> n.status() == NotebookInstanceStatus.IN_SERVICE
                            && n.server().filter(e.getValue()::equals).isPresent()
                            ? n.moved(NotebookInstanceStatus.FAILED, Optional.of(reason), clock.instant()) : n);
                    access.revoke(e.getKey());
                    LOG.warn("notebook instance {} failed: {}", e.getKey(), reason);
                }
            } catch (ContainerEngineException ex) {
                LOG.debug("cannot check notebook instance {}: {}", e.getKey(), ex.getMessage());
            } catch (RuntimeException ex) {
                LOG.warn("checking notebook instance {} failed: {}", e.getKey(), ex.toString());
            }
        }
    }

    private void forget(String name) {
        serving.remove(key(name));
        access.revoke(name);
    }

    private static void quietly(NotebookInstance notebook, Runnable engineWork) {
        try {
            engineWork.run();
        } catch (ContainerEngineException e) {
            // The next start's reaper and recovery finish the job; the user is not kept waiting on a broken engine.
            LOG.warn("notebook instance {}: {}", notebook.name(), e.getMessage());
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Stops the threads; Jupyter containers keep running so the next start adopts them. */
    @Override
    public void close() {
        watcher.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.detachLogs();
        runner.removeUnusedNetwork();
    }
}
