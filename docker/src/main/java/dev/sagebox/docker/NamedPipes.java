package dev.sagebox.docker;

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
     * Makes the kernel buffer of the FIFO at {@code path} hold at least {@code bytes} (Linux; 1 MiB is the default
     * limit for unprivileged processes), so that a writer's block reaches the reader in one piece instead of 64 KiB
     * at a time. Call it once the FIFO is open at both ends, i.e. after the writer's open returned.
     *
     * @return the buffer size obtained, or -1 when it could not be changed (logged once; streaming still works)
     */
    public static int enlarge(Path path, int bytes) {
        return PipeCapacity.enlarge(path, bytes);
    }

    /** Loads the native binding ahead of the first {@link #enlarge}, off the path to an algorithm's first byte. */
    public static void prepareEnlarge() {
        PipeCapacity.prepare();
    }
}
