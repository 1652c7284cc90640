package dev.sagebox.storage.pipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes (FIFOs) in directories bind-mounted into containers: a process on the host writes, the container reads
 * through the mount (Pipe input mode). The JDK cannot create a FIFO, so this runs coreutils' {@code mkfifo}.
 */
public final class NamedPipes {
    private NamedPipes() {
    }

    /** Creates a FIFO at {@code path} (mode 0666, so a container running as any user can read it). */
    public static void create(Path path) {
        try {
            Files.createDirectories(path.getParent());
            Process p = new ProcessBuilder("mkfifo", "-m", "0666", path.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mkfifo did not finish for " + path);
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new IllegalStateException("mkfifo " + path + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the named pipe " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + path, e);
        }
    }

    /**
     * Opens the FIFO at {@code path} for writing, waiting until a reader opens it, with a native write buffer of
     * {@code bufferBytes}; the writer tells its descriptor, so bytes can also be spliced into it, and can enlarge the
     * pipe's kernel buffer ({@link FifoWriter#enlarge}).
     */
    public static FifoWriter openForWriting(Path path, int bufferBytes) throws IOException {
        return FifoWriter.open(path, bufferBytes);
    }

    /** Loads the native binding before the first {@link #openForWriting}, off the path to an algorithm's first byte. */
    public static void prepareNativeCalls() {
        FifoWriter.prepare();
    }
}
