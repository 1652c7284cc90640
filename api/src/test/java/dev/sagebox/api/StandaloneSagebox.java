package dev.sagebox.api;

import dev.sagebox.docker.FakeContainerEngine;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Sagebox with its database on disk and the fake container engine, run as its own process by
 * {@link KillDuringWritesTest} so that the test can kill it with SIGKILL. Writes the API port to the file named by
 * the second argument once it answers.
 */
public final class StandaloneSagebox {
    private StandaloneSagebox() {
    }

    public static void main(String[] args) throws Exception {
        Sagebox server = Sagebox.builder(SageboxConfig.forTests(Path.of(args[0])))
                .containerEngine(new FakeContainerEngine()).start();
        Path portFile = Path.of(args[1]);
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(partial, String.valueOf(server.port()));
        // Renamed into place so the test never reads a half-written port.
        Files.move(partial, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
