package dev.sagebox.bench.router;

import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * The floor of the router's own stack: Undertow's stock reverse proxy ({@link ProxyHandler} over a pooled
 * {@link LoadBalancingProxyClient}), as many I/O threads as Sagebox, to the same container, with no signature check,
 * no variant choice and no error mapping. Shown beside the router, not judged. Runs in its own JVM until killed.
 *
 * <p>Usage: {@code FloorProxy <port> <container host:port>}
 */
public final class FloorProxy {
    static final String READY = "floor proxy ready";

    private FloorProxy() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .addHost(new URI("http://" + args[1]))
                .setConnectionsPerThread(32)
                .setSoftMaxConnectionsPerThread(32)
                .setMaxQueueSize(1024);
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setIoThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
                .setHandler(ProxyHandler.builder().setProxyClient(client).setMaxRequestTime(60_000).build())
                .build();
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        System.out.println(READY + " on 127.0.0.1:" + port);
        stopped.await();
    }
}
