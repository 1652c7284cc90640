package dev.sagebox.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.Poll;
import io.undertow.Undertow;
import io.undertow.client.ClientConnection;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** The pool of container connections forgets a container that went away: its idle connections and its address. */
class ContainerConnectionsTest {
    private final ContainerConnections connections = new ContainerConnections();
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(false, 16 * 1024);
    private XnioWorker worker;
    private Undertow container;

    @AfterEach
    void close() {
        connections.close();
        if (container != null) {
            container.stop();
        }
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    @Test
    void aRetiredContainersIdleConnectionsAndAddressAreForgotten() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        container = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> exchange.getResponseSender().send("ok")).build();
        container.start();
        int port = ((InetSocketAddress) container.getListenerInfo().get(0).getAddress()).getPort();
        URI address = URI.create("http://127.0.0.1:" + port);
        XnioIoThread thread = worker.getIoThread();

        CompletableFuture<ClientConnection> connected = new CompletableFuture<>();
        thread.execute(() -> connections.acquire(address, thread, buffers, new ContainerConnections.Handler() {
            @Override
            public void connected(ClientConnection connection, boolean reused) {
                connections.release(address, connection);
                connected.complete(connection);
            }

            @Override
            public void failed(IOException e) {
                connected.completeExceptionally(e);
            }
        }));
        connected.get();
        Poll.until(Duration.ofSeconds(10), "the connection is kept idle", () -> connections.idleCount() == 1);
        assertThat(connections.addresses()).isEqualTo(1);

        container.stop();
        container = null;

        Poll.until(Duration.ofSeconds(10), "the closed connection and its address are forgotten",
                () -> connections.idleCount() == 0 && connections.addresses() == 0);
    }
}
