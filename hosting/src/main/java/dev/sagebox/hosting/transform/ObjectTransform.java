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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * One input object through one instance: its payloads sent with up to MaxConcurrentTransforms in flight, the answers
 * assembled in input order into a local file, uploaded as {@code <S3OutputPath>/<relative key>.out} once whole.
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

    /** A payload on its way, with its answer to come. */
    private record InFlight(Payload payload, Future<byte[]> answer) {
    }

    /** Transforms the object; false when a stop came first (nothing is uploaded for it then). */
    boolean run(ChannelObject object, S3Location output) throws TransformFailure, InterruptedException {
        Path file = scratch.resolve(Integer.toHexString(output.key().hashCode()) + "-" + System.nanoTime() + ".out");
        Deque<InFlight> inFlight = new ArrayDeque<>();
        try {
            Files.createDirectories(scratch);
            boolean whole;
            try (InputStream raw = store.open(object.location());
                    InputStream in = spec.input().gzip() ? new GZIPInputStream(raw, IO_BUFFER) : raw;
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER)) {
                OutputAssembler assembler = new OutputAssembler(spec.output().assembleWith(), out);
                Iterator<Payload> payloads = records.payloads(in);
                while (!stopped.getAsBoolean() && payloads.hasNext()) {
                    if (inFlight.size() >= window) {
                        Optional<byte[]> answered = collect(inFlight.peekFirst(), object);
                        if (answered.isEmpty()) {
                            return false;
                        }
                        inFlight.removeFirst();
                        assembler.append(answered.get());
                    }
                    Payload payload = payloads.next();
                    inFlight.addLast(new InFlight(payload, requests.submit(() -> invoker.invoke(payload.body()))));
                }
                while (!inFlight.isEmpty()) {
                    Optional<byte[]> answered = collect(inFlight.peekFirst(), object);
                    if (answered.isEmpty()) {
                        return false;
                    }
                    inFlight.removeFirst();
                    assembler.append(answered.get());
                }
                whole = !stopped.getAsBoolean() || !payloads.hasNext();
                assembler.finish();
            }
            if (!whole) {
                return false;
            }
            store.upload(file, output);
            return true;
        } catch (RecordTooLargeException e) {
            throw new TransformFailure("ClientError: " + object.location() + ": " + e.getMessage());
        } catch (UncheckedIOException | IOException e) {
            throw new TransformFailure("ClientError: Could not read " + object.location() + ": " + e.getMessage());
        } finally {
            inFlight.forEach(f -> f.answer().cancel(true));
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Scratch space is removed with the job's folder anyway.
            }
        }
    }

    /**
     * The output for a payload sent, waiting for its answer; empty when the job was stopped and the answer did not
     * come within the grace period counted from the stop (the request is cut, and is no failure of the job).
     */
    private Optional<byte[]> collect(InFlight sent, ChannelObject object)
            throws TransformFailure, InterruptedException {
        while (true) {
            boolean stopping = stopped.getAsBoolean();
            if (stopping && stopSeenNanos < 0) {
                stopSeenNanos = System.nanoTime();
            }
            try {
                sent.answer().get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                return Optional.of(answer(sent, object));
            } catch (TimeoutException e) {
                if (stopping && System.nanoTime() - stopSeenNanos > stopGrace.toNanos()) {
                    return Optional.empty();
                }
            } catch (ExecutionException e) {
                if (stopping) {
                    return Optional.empty();
                }
                return Optional.of(answer(sent, object));
            }
        }
    }

    private byte[] answer(InFlight sent, ChannelObject object) throws TransformFailure, InterruptedException {
        byte[] response;
        try {
            response = sent.answer().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new TransformFailure("ClientError: " + object.location() + ": " + (cause instanceof
                    ModelInvoker.InvocationFailure ? cause.getMessage() : String.valueOf(cause)));
        }
        try {
            return records.output(sent.payload(), response);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new TransformFailure("ClientError: " + object.location() + ": " + e.getMessage());
        }
    }
}
