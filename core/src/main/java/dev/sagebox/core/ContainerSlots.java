package dev.sagebox.core;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How many job containers (training hosts, processing hosts, transform instances) may run at once
 * ({@code SAGEBOX_TRAINING_CAPACITY}), shared by every kind of job and handed out first come first served.
 */
public final class ContainerSlots {
    private static final long RECHECK_MILLIS = 200;

    private final int capacity;
    private final Semaphore slots;

    public ContainerSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.slots = new Semaphore(capacity, true);
    }

    public int capacity() {
        return capacity;
    }

    /** What a job asking for {@code wanted} containers takes: never more than the whole capacity. */
    public int fit(int wanted) {
        return Math.min(Math.max(1, wanted), capacity);
    }

    public boolean tryAcquire(int n) {
        return slots.tryAcquire(n);
    }

    /**
     * Waits for {@code n} slots; {@code waiting} runs once if they are not free at once. False (nothing taken) when
     * {@code cancelled} says so while waiting.
     */
    public boolean acquire(int n, Runnable waiting, BooleanSupplier cancelled) throws InterruptedException {
        if (slots.tryAcquire(n)) {
            return true;
        }
        waiting.run();
        while (!slots.tryAcquire(n, RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    public void release(int n) {
        slots.release(n);
    }
}
