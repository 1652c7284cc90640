package dev.sagebox.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LogSink} that holds what arrives until it is told whether to pass it on ({@link #release()}, then
 * everything after passes straight through) or to forget it ({@link #drop()}, then nothing reaches the sink, not
 * even the end). Thread-safe: the streaming thread and the caller meet on one lock, so order is kept.
 */
final class HeldOutput implements LogSink {
    private record Chunk(boolean stderr, byte[] bytes) {
    }

    private enum State { HOLDING, RELEASED, DROPPED }

    private final LogSink sink;
    private final List<Chunk> held = new ArrayList<>();
    private State state = State.HOLDING; // guarded by this
    private boolean ended; // guarded by this

    HeldOutput(LogSink sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void accept(boolean stderr, byte[] bytes) {
        switch (state) {
            case HOLDING -> held.add(new Chunk(stderr, bytes));
            case RELEASED -> sink.accept(stderr, bytes);
            case DROPPED -> { }
        }
    }

    @Override
    public synchronized void end() {
        switch (state) {
            case HOLDING -> ended = true;
            case RELEASED -> sink.end();
            case DROPPED -> { }
        }
    }

    /** Passes on what was held, and from now on everything. */
    synchronized void release() {
        if (state != State.HOLDING) {
            return;
        }
        state = State.RELEASED;
        held.forEach(c -> sink.accept(c.stderr(), c.bytes()));
        held.clear();
        if (ended) {
            sink.end();
        }
    }

    /** Forgets what was held, and from now on everything. */
    synchronized void drop() {
        state = State.DROPPED;
        held.clear();
    }
}
