package dev.sagebox.runner;

import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.storage.credentials.CredentialFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A training host's own credentials on its swarm node: the node agent derives each window's from the job's key and
 * writes them where the host's {@code credential_process} reads them, as the server's issuer does on its own disk.
 * A window's credentials are written a minute after it begins by this node's clock: they verify from its start on
 * the server, and the previous window's go on verifying meanwhile, so a node clock up to a minute ahead is harmless.
 */
final class NodeCredentials {
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final DelegatedCredentials key;
    private final Path folder;
    private final Clock clock;
    private long written = Long.MIN_VALUE;

    NodeCredentials(NodeAgentPlan.Credentials plan) {
        this(new DelegatedCredentials(plan.ownerKey(), Duration.ofMillis(plan.windowMillis())), Path.of(plan.folder()),
                Clock.systemUTC());
    }

    NodeCredentials(DelegatedCredentials key, Path folder, Clock clock) {
        this.key = key;
        this.folder = folder;
        this.clock = clock;
    }

    /** Writes the config and the credentials of the window that began at least a minute ago, if not written yet. */
    synchronized void writeCurrent() {
        long window = key.windowAt(clock.instant().minus(CLOCK_MARGIN));
        if (window == written) {
            return;
        }
        try {
            if (written == Long.MIN_VALUE) {
                CredentialFiles.prepare(folder);
            }
            CredentialFiles.write(folder, key.at(window));
            written = window;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host's credentials to " + folder + ": " + e.getMessage(),
                    e);
        }
    }

    /** Checks every 30 seconds for a new window. */
    void start(ScheduledExecutorService timer) {
        var unused = timer.scheduleWithFixedDelay(() -> {
            try {
                writeCurrent();
            } catch (UncheckedIOException e) {
                System.out.println("sagebox-agent: " + e.getMessage() + "; retrying");
            }
        }, 30, 30, TimeUnit.SECONDS);
    }
}
