package dev.sagebox.storage;

import dev.sagebox.storage.pipe.SocketToPipe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The reference for the contract: the MinIO adapter on the embedded S3 server (in-process, so a unit test). */
class MinioObjectStoreContractTest extends ObjectStoreContract {
    @TempDir static Path baseDir;

    private static EmbeddedS3Server server;
    private static MinioObjectStore store;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start(baseDir.resolve("s3"), List.of("127.0.0.1"), 0, "sagebox", "sagebox-secret-key");
        store = new MinioObjectStore(server.settings("us-east-1"), SocketToPipe.of(true));
    }

    @AfterAll
    static void stopServer() {
        store.close();
        server.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }
}
