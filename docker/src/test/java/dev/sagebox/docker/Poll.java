package dev.sagebox.docker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition until a deadline, so tests wait for exactly as long as needed and never sleep blindly. The one
 * polling helper of every module's tests (others depend on this module's test-jar for it); the deadline is how long
 * to wait before failing, never a measurement.
 */
public final class Poll {
    private static final long PAUSE_NANOS = Duration.ofMillis(50).toNanos();

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * The first value of {@code probe} that satisfies {@code condition}; fails after {@code timeout} with {@code what}
     * and the last value seen, so a timed-out wait says where things stood.
     */
    public static <T> T until(Duration timeout, String what, Supplier<T> probe, Predicate<? super T> condition) {
        AtomicReference<T> last = new AtomicReference<>();
        return poll(timeout, () -> what + "; last seen: " + last.get(), () -> {
            T value = probe.get();
            last.set(value);
            return condition.test(value) ? Optional.of(value) : Optional.empty();
        });
    }

    /** The first present value {@code probe} yields; fails with {@code what} after {@code timeout}. */
    public static <T> T value(Duration timeout, String what, Supplier<Optional<T>> probe) {
        return poll(timeout, () -> what, probe);
    }

    private static <T> T poll(Duration timeout, Supplier<String> what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }
}
