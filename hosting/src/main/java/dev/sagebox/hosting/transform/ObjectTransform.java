package dev.sagebox.hosting.transform;

import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.S3Location;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * One input object through one instance: MaxConcurrentTransforms callers each take the next payload and call the
 * model (a new call starts as soon as any ends), the answers are assembled in input order into a local file, uploaded
 * as {@code <S3OutputPath>/<relative key>.out} once whole.
 */
final class ObjectTransform {
    /** The job cannot go on: the reason names the object. */
    static final class TransformFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TransformFailure(String message) {
            super(message);
        }
    }

    private static final int IO_BUFFER = 256 * 1024;
    /** How often a wait for an answer looks whether the job was stopped. */
    private static final long WAIT_SLICE_MILLIS = 100;
    /** Answers held for writing in order, at most this many times the calls in flight. */
    private static final int REORDER_FACTOR = 4;

    private final ObjectStore store;
    private final TransformSpec spec;
    private final TransformRecords records;
    private final ModelInvoker invoker;
    private final ExecutorService requests;
    private final int window;
    private final Path scratch;
    private final BooleanSupplier stopped;
    private final Duration stopGrace;
    /** When the stop was first seen: requests still in flight a grace period later are cut. */
    private long stopSeenNanos = -1;

    ObjectTransform(ObjectStore store, TransformSpec spec, TransformRecords records, ModelInvoker invoker,
            ExecutorService requests, int window, Path scratch, BooleanSupplier stopped, Duration stopGrace) {
        this.stopGrace = stopGrace;
        this.store = store;
        this.spec = spec;
        this.records = records;
        this.invoker = invoker;
        this.requests = requests;
        this.window = Math.max(1, window);
        this.scratch = scratch;
        this.stopped = stopped;
    }

    /** Transforms the object; false when a stop came first (nothing is uploaded for it then). */
    boolean run(ChannelObject object, S3Location output) throws TransformFailure, InterruptedException {
        Path file = scratch.resolve(Integer.toHexString(output.key().hashCode()) + "-" + System.nanoTime() + ".out");
        List<Future<?>> callers = new ArrayList<>();
        try {
            Files.createDirectories(scratch);
            boolean whole;
            try (InputStream raw = store.open(object.location());
                    InputStream in = spec.input().gzip() ? new GZIPInputStream(raw, IO_BUFFER) : raw;
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER)) {
                Pass pass = new Pass(object, records.payloads(in), new OutputAssembler(spec.output().assembleWith(),
                        out));
                for (int i = 0; i < window; i++) {
                    callers.add(requests.submit(pass::call));
                }
                if (!awaitCallers(callers, pass)) {
                    return false;
                }
                Optional<TransformFailure> failure = pass.failure();
                if (failure.isPresent()) {
                    if (stopped.getAsBoolean()) {
                        return false;
                    }
                    throw failure.get();
                }
                whole = pass.whole();
                pass.assembler.finish();
            }
            if (!whole) {
                return false;
            }
            store.upload(file, output);
            return true;
        } catch (UncheckedIOException | IOException e) {
            throw new TransformFailure("ClientError: Could not read " + object.location() + ": " + e.getMessage());
        } finally {
            callers.forEach(c -> c.cancel(true));
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Scratch space is removed with the job's folder anyway.
            }
        }
    }

    /**
     * Waits for every caller to run out of payloads; false when the job was stopped and calls still in flight did not
     * end within the grace period counted from the stop (they are cut, and that is no failure of the job).
     */
    private boolean awaitCallers(List<Future<?>> callers, Pass pass) throws InterruptedException {
        for (Future<?> caller : callers) {
            while (true) {
                boolean stopping = stopped.getAsBoolean();
                if (stopping && stopSeenNanos < 0) {
                    stopSeenNanos = System.nanoTime();
                }
                try {
                    caller.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (stopping && System.nanoTime() - stopSeenNanos > stopGrace.toNanos()) {
                        return false;
                    }
                } catch (ExecutionException e) {
                    pass.fail(String.valueOf(e.getCause()));
                    break;
                }
            }
        }
        return true;
    }

    /** A payload numbered in input order. */
    private record Numbered(long index, Payload payload) {
    }

    /**
     * One pass over an object, shared by its callers: each takes the next payload, calls the model and hands the
     * answer back; answers are written in input order by whichever caller completes the next one due, so no thread
     * stands between the callers and the model. A caller waits when the answers held for ordering reach the limit.
     */
    private final class Pass {
        private final ChannelObject object;
        private final Iterator<Payload> payloads;
        final OutputAssembler assembler;
        private final Object reading = new Object();
        private final long reorderLimit = (long) window * REORDER_FACTOR;
        private final Map<Long, byte[]> answered = new HashMap<>(); // guarded by this
        private long taken; // guarded by reading
        private boolean exhausted; // guarded by reading
        private long written; // guarded by this
        private TransformFailure failure; // guarded by this

        Pass(ChannelObject object, Iterator<Payload> payloads, OutputAssembler assembler) {
            this.object = object;
            this.payloads = payloads;
            this.assembler = assembler;
        }

        /** A caller: takes payloads until there are none, the job halts or a call fails. */
        Void call() throws InterruptedException {
            for (Optional<Numbered> next = take(); next.isPresent(); next = take()) {
                Payload payload = next.get().payload();
                byte[] output;
                try {
                    output = records.output(payload, invoker.invoke(payload.body()));
                } catch (ModelInvoker.InvocationFailure e) {
                    fail(e.getMessage());
                    return null;
                } catch (IllegalStateException | IllegalArgumentException e) {
                    fail(e.getMessage());
                    return null;
                }
                complete(next.get().index(), output);
            }
            return null;
        }

        private Optional<Numbered> take() throws InterruptedException {
            synchronized (reading) {
                if (halted()) {
                    return Optional.empty();
                }
                awaitRoom(taken);
                try {
                    if (halted() || exhausted) {
                        return Optional.empty();
                    }
                    if (!payloads.hasNext()) {
                        exhausted = true;
                        return Optional.empty();
                    }
                    return Optional.of(new Numbered(taken++, payloads.next()));
                } catch (RecordTooLargeException e) {
                    fail(e.getMessage());
                } catch (UncheckedIOException e) {
                    failWith(new TransformFailure("ClientError: Could not read " + object.location() + ": "
                            + e.getMessage()));
                }
                return Optional.empty();
            }
        }

        private synchronized void awaitRoom(long index) throws InterruptedException {
            while (index - written >= reorderLimit && !halted()) {
                wait(WAIT_SLICE_MILLIS);
            }
        }

        private synchronized void complete(long index, byte[] output) {
            answered.put(index, output);
            byte[] due;
            boolean advanced = false;
            try {
                while ((due = answered.remove(written)) != null) {
                    assembler.append(due);
                    written++;
                    advanced = true;
                }
            } catch (UncheckedIOException e) {
                failWith(new TransformFailure("ClientError: Could not write the output of " + object.location()
                        + ": " + e.getMessage()));
            }
            if (advanced) {
                notifyAll();
            }
        }

        private synchronized boolean halted() {
            return failure != null || stopped.getAsBoolean();
        }

        void fail(String reason) {
            failWith(new TransformFailure("ClientError: " + object.location() + ": " + reason));
        }

        private synchronized void failWith(TransformFailure f) {
            if (failure == null) {
                failure = f;
            }
            notifyAll();
        }

        synchronized Optional<TransformFailure> failure() {
            return Optional.ofNullable(failure);
        }

        /** Every payload was taken and every answer written (a stop that came after the last call cuts nothing). */
        boolean whole() {
            synchronized (reading) {
                synchronized (this) {
                    if (written != taken) {
                        return false;
                    }
                }
                try {
                    return exhausted || !payloads.hasNext();
                } catch (RuntimeException e) {
                    return false;
                }
            }
        }
    }
}
