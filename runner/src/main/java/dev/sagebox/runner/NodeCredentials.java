package dev.sagebox.runner;

import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.core.credentials.SessionCredentials;
import dev.sagebox.storage.credentials.CredentialFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A training job's own credentials on a swarm node, derived by its node agent from the job's key: the agent signs its
 * own S3 requests with them, and the stage agent writes them where the host's {@code credential_process} reads them,
 * as the server's issuer does on its own disk. The current credentials are those of the window that began a minute
 * ago by this node's clock: they verify from its start on the server, and the previous window's go on verifying
 * meanwhile, so a node clock up to a minute ahead is harmless.
 */
final class NodeCredentials {
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final DelegatedCredentials key;
    private final Optional<Path> folder;
    private final Clock clock;
    private long written = Long.MIN_VALUE;

    NodeCredentials(NodeAgentPlan.Credentials plan) {
        this(new DelegatedCredentials(plan.ownerKey(), Duration.ofMillis(plan.windowMillis())),
                Optional.ofNullable(plan.folder()).map(Path::of), Clock.systemUTC());
    }

    /** @param folder where the host reads them; empty when only the agent uses them */
    NodeCredentials(DelegatedCredentials key, Optional<Path> folder, Clock clock) {
        this.key = key;
        this.folder = folder;
        this.clock = clock;
    }

    /** The credentials to sign with now. */
    SessionCredentials current() {
        return key.at(currentWindow());
    }

    private long currentWindow() {
        return key.windowAt(clock.instant().minus(CLOCK_MARGIN));
    }

    /** Whether the host reads them from a folder this agent writes. */
    boolean forHost() {
        return folder.isPresent();
    }

    /** Writes the config and the current credentials for the host, if not written yet for this window. */
    synchronized void writeCurrent() {
        if (folder.isEmpty()) {
            return;
        }
        long window = currentWindow();
        if (window == written) {
            return;
        }
        try {
            if (written == Long.MIN_VALUE) {
                CredentialFiles.prepare(folder.get());
            }
            CredentialFiles.write(folder.get(), key.at(window));
            written = window;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host's credentials to " + folder.get() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Checks every 30 seconds for a new window to write for the host. */
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
