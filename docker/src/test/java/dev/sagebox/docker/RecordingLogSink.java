package dev.sagebox.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** A {@link LogSink} that keeps stdout and stderr apart in memory and lets a test wait for text or the end. */
public final class RecordingLogSink implements LogSink {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream both = new ByteArrayOutputStream();
    private int ends;

    @Override
    public synchronized void accept(boolean isStderr, byte[] bytes) {
        if (ends > 0) {
            throw new AssertionError("output after end(): " + new String(bytes, StandardCharsets.UTF_8));
        }
        (isStderr ? stderr : stdout).writeBytes(bytes);
        both.writeBytes(bytes);
        notifyAll();
    }

    @Override
    public synchronized void end() {
        ends++;
        notifyAll();
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Both streams in arrival order. */
    public synchronized String all() {
        return both.toString(StandardCharsets.UTF_8);
    }

    /** How often end() was called (the port promises once). */
    public synchronized int ends() {
        return ends;
    }

    /** Blocks until the output so far (both streams) contains {@code text}; fails after {@code timeout}. */
    public void awaitText(String text, Duration timeout) {
        await(s -> s.all().contains(text), timeout, "\"" + text + "\" in the output");
    }

    /** Blocks until end() was called; fails after {@code timeout}. */
    public void awaitEnd(Duration timeout) {
        await(s -> s.ends > 0, timeout, "the end of the stream");
    }

    private synchronized void await(Predicate<RecordingLogSink> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; output so far: " + all());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
