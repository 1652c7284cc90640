package dev.sagebox.runner;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Asks a running training to stop, and says why; the first request wins. */
public final class StopSignal {
    /** Why a run was asked to stop. */
    public enum Cause {
        USER_REQUEST,
        MAX_RUNTIME_EXCEEDED
    }

    private final CompletableFuture<Cause> requested = new CompletableFuture<>();

    public void request(Cause cause) {
        requested.complete(cause);
    }

    public Optional<Cause> cause() {
        return Optional.ofNullable(requested.getNow(null));
    }

    /** Completes when a stop is requested; the runner waits on it alongside the containers. */
    public CompletableFuture<Cause> whenRequested() {
        return requested;
    }
}
