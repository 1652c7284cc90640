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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

    private final ObjectStore store;
    private final TransformSpec spec;
    private final TransformRecords records;
    private final ModelInvoker invoker;
    private final ExecutorService requests;
    private final int window;
    private final Path scratch;
    private final BooleanSupplier stopped;

    ObjectTransform(ObjectStore store, TransformSpec spec, TransformRecords records, ModelInvoker invoker,
            ExecutorService requests, int window, Path scratch, BooleanSupplier stopped) {
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
                        assembler.append(answer(inFlight.removeFirst(), object));
                    }
                    Payload payload = payloads.next();
                    inFlight.addLast(new InFlight(payload, requests.submit(() -> invoker.invoke(payload.body()))));
                }
                while (!inFlight.isEmpty()) {
                    assembler.append(answer(inFlight.removeFirst(), object));
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
