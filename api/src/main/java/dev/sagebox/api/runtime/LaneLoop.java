package dev.sagebox.api.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of the invocation lane: a selector and everything registered with it (client connections, their
 * invocations, the container connections they use). Everything it owns is touched on its thread only, so nothing
 * here locks; other threads hand work in through {@link #execute}. Interest sets stay as they are while requests
 * flow (reads always on), so a steady stream of invocations costs no {@code epoll_ctl}.
 */
final class LaneLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaneLoop.class);
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What a selection key of this loop is attached to. */
    interface Ready {
        /** The key's channel is ready for some of {@code key.readyOps()}; runs on the loop's thread. */
        void ready(SelectionKey key);

        /** The loop is closing: give up. */
        void abandon();
    }

    /** Something with a deadline, checked about ten times a second until it says it is done. */
    interface Deadline {
        /** Acts if its deadline has passed; true once it no longer needs checking. */
        boolean check(long nowNanos);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Deadline> deadlines = new ArrayList<>();
    private final ContainerPool containers = new ContainerPool();
    private volatile boolean open = true;
    /** Invocations this loop served, and connections it passed on to Undertow; written by its thread only. */
    private volatile long served;
    private volatile long passedOn;
    private long nextCheck;

    LaneLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The idle container connections of this loop. */
    ContainerPool containers() {
        return containers;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the loop's thread
    void countServed() {
        served++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the loop's thread
    void countPassedOn() {
        passedOn++;
    }

    long served() {
        return served;
    }

    long passedOn() {
        return passedOn;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Registers {@code channel} (non-blocking) with this loop; on its thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
        return channel.register(selector, ops, ready);
    }

    /** Checks {@code deadline} from now on until it is done; on the loop's thread only. */
    void watch(Deadline deadline) {
        deadlines.add(deadline);
    }

    /** Sets or clears {@code op} in the key's interest set, touching it only when that changes it. */
    static void interest(SelectionKey key, int op, boolean on) {
        if (!key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    @Override
    public void run() {
        while (open) {
            try {
                selector.select(LaneLoop::dispatch, 100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = now + CHECK_NANOS;
                    deadlines.removeIf(d -> d.check(now));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("invocation lane: {}", e.toString(), e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Ready ready) {
                ready.abandon();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector: {}", e.toString());
        }
    }

    private static void dispatch(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof Ready ready) {
            try {
                ready.ready(key);
            } catch (RuntimeException e) {
                LOG.warn("invocation lane: {}", e.toString(), e);
                ready.abandon();
            }
        }
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        if (!thread.isAlive()) {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector: {}", e.toString());
            }
        } else if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
