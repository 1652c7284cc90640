package dev.sagebox.runner;

import dev.sagebox.storage.pipe.NamedPipes;
import dev.sagebox.runner.ChannelDefinition.CompressionType;
import dev.sagebox.runner.ChannelDefinition.RecordWrapperType;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ObjectStore;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Feeds one Pipe-mode channel of one host: FIFO {@code <channel>_0} carries a full pass over the channel's objects,
 * then {@code <channel>_1} appears, and so on until the run ends. Buffers are fixed, the reader's pace sets the
 * writer's (the FIFO blocks), and a reader that stops early only ends that epoch.
 */
final class PipeChannelFeeder implements Runnable {
    /**
     * Every heap buffer of a feeder. A quarter of a MiB, so that none is a "humongous" object for G1 (half a region of
     * at least 1 MiB): those start a concurrent marking cycle each, which on two cores took CPU from the stream.
     */
    private static final int BUFFER = 256 * 1024;

    private final ObjectStore store;
    private final List<ChannelObject> objects;
    private final ChannelDefinition channel;
    private final Path dataDir;
    private final Path scratch;
    private final PipeFeeds.Failure failure;
    private final ChannelTraffic traffic;
    private volatile boolean stopping;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile Path currentFifo;
    private Path released;

    PipeChannelFeeder(ObjectStore store, List<ChannelObject> objects, ChannelDefinition channel, Path dataDir,
            Path scratch, PipeFeeds.Failure failure, ChannelTraffic traffic) {
        this.traffic = traffic;
        this.store = store;
        this.objects = List.copyOf(objects);
        this.channel = channel;
        this.dataDir = dataDir;
        this.scratch = scratch;
        this.failure = failure;
    }

    /** The first FIFO exists before the container starts, so the algorithm never waits for it. */
    void createFirstFifo() {
        NamedPipes.create(fifo(0));
        NamedPipes.prepareNativeCalls();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER];
        for (int epoch = 0; !stopping; epoch++) {
            Path fifo = fifo(epoch);
            if (epoch > 0) {
                NamedPipes.create(fifo);
            }
            currentFifo = fifo;
            if (stopping) {
                // stop() may have looked at the previous FIFO, so nobody would release an open of this one.
                deleteQuietly(fifo);
                return;
            }
            // From here on the FIFO is always opened, even when stopping: stop() saw it and reads it to the end.
            try (EpochOutput out = new EpochOutput(fifo, BUFFER)) {
                ResumableObjectStream next = null;
                try {
                    for (int i = 0; i < objects.size(); i++) {
                        if (stopping) {
                            return;
                        }
                        try (ResumableObjectStream raw = next != null ? next : stream(objects.get(i))) {
                            next = null;
                            if (i + 1 < objects.size() && out.opened()) {
                                // The next object's request goes out now, so its first bytes wait in the socket when
                                // this one ends instead of a round trip to S3 leaving the pipe empty. Only once the
                                // algorithm reads this epoch: until then objects are requested one at a time.
                                next = stream(objects.get(i + 1));
                                next.prefetch();
                            }
                            writeObject(raw, objects.get(i), out, buffer);
                            traffic.moved(ChannelInputMode.PIPE, objects.get(i).size());
                        }
                    }
                } catch (ResumableObjectStream.PipeSourceException e) {
                    failure.report("ClientError: Pipe input channel \"" + channel.name() + "\" could not be streamed: "
                            + e.getMessage());
                    // The FIFO is opened and stays open until the run is stopped: its end would look like the end of
                    // the epoch to the algorithm, which could then finish on truncated data.
                    out.flush();
                    stopped.await();
                    return;
                } finally {
                    if (next != null) {
                        next.close();
                    }
                }
            } catch (IOException readerGone) {
                // The algorithm closed the FIFO before the end of the epoch: allowed; the next epoch follows.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!stopping) {
                    failure.report("InternalServerError: Pipe input channel \"" + channel.name() + "\" failed: "
                            + e.getMessage());
                }
                return;
            } finally {
                deleteQuietly(fifo);
            }
        }
    }

    private ResumableObjectStream stream(ChannelObject object) {
        return new ResumableObjectStream(store, object.location(), object.size());
    }

    /** One object into the epoch's output; the caller closes {@code raw}. */
    private void writeObject(ResumableObjectStream raw, ChannelObject object, EpochOutput out, byte[] buffer)
            throws IOException {
        if (channel.recordWrapper() == RecordWrapperType.RECORD_IO) {
            if (channel.compression() == CompressionType.GZIP) {
                writeDecompressedRecord(raw, out, buffer);
            } else {
                RecordIo.writeRecord(raw, object.size(), out, buffer);
            }
            return;
        }
        if (channel.compression() != CompressionType.GZIP) {
            // Into the FIFO as a pipe: with splice(2) where the connection and SAGEBOX_ZERO_COPY allow it, the bytes
            // never enter the JVM.
            raw.transferTo(out);
            return;
        }
        InputStream in = new GZIPInputStream(raw, BUFFER);
        // Whole blocks: a write as large as the BufferedOutputStream's buffer goes straight to the FIFO instead of
        // being copied into that buffer first.
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
        }
    }

    /** A RecordIO header needs the length first: a gzip'd object is inflated to scratch disk, never to memory. */
    private void writeDecompressedRecord(InputStream raw, OutputStream out, byte[] buffer) throws IOException {
        Files.createDirectories(scratch);
        Path inflated = Files.createTempFile(scratch, "object", ".raw");
        try {
            try (InputStream in = new GZIPInputStream(raw, BUFFER); OutputStream file = Files.newOutputStream(inflated)) {
                in.transferTo(file);
            }
            try (InputStream file = Files.newInputStream(inflated)) {
                RecordIo.writeRecord(file, Files.size(inflated), out, buffer);
            }
        } finally {
            Files.deleteIfExists(inflated);
        }
    }

    /** Ends the feeding: a writer waiting for a reader to open the FIFO is released by opening it ourselves. */
    synchronized void stop() {
        stopping = true;
        stopped.countDown();
        Path fifo = currentFifo;
        // One releasing reader per FIFO: PipeFeeds calls stop() again while the feeder is still running.
        if (fifo != null && !fifo.equals(released) && Files.exists(fifo)) {
            released = fifo;
            Thread opener = new Thread(() -> {
                try (FileInputStream unblock = new FileInputStream(fifo.toFile())) {
                    unblock.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // The FIFO went away meanwhile: the writer is not waiting on it.
                }
            }, "release-" + fifo.getFileName());
            opener.setDaemon(true);
            opener.start();
        }
    }

    private Path fifo(int epoch) {
        return dataDir.resolve(channel.name() + "_" + epoch);
    }

    private static void deleteQuietly(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
