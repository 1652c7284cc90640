package dev.sagebox.bench.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor of any proxy on the JVM here: a TCP relay on plain NIO that pairs each client connection with its own
 * connection to the container and copies bytes both ways, with no HTTP parsing, no signature, no routing and
 * interest sets that never change (no epoll_ctl per request). Whatever a JVM router does costs more than this. Runs
 * with {@code threads} selector threads in its own JVM until killed; shown beside the router, not judged.
 *
 * <p>Usage: {@code RelayFloor <port> <container host> <container port> <threads>}
 */
public final class RelayFloor {
    private RelayFloor() {
    }

    /** A client connection and its container connection, each with the buffer it reads into. */
    private record Pair(SocketChannel client, SocketChannel container, ByteBuffer fromClient,
            ByteBuffer fromContainer) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        InetSocketAddress container = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int threads = Integer.parseInt(args[3]);
        Loop[] loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(Selector.open());
            Thread t = new Thread(loops[i], "relay-" + i);
            t.setDaemon(true);
            t.start();
        }
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            System.out.println("relay floor ready on 127.0.0.1:" + port);
            for (int n = 0;; n++) {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(container);
                for (SocketChannel c : new SocketChannel[] {client, upstream}) {
                    c.configureBlocking(false);
                    c.socket().setTcpNoDelay(true);
                }
                loops[n % threads].add(new Pair(client, upstream, ByteBuffer.allocateDirect(64 * 1024),
                        ByteBuffer.allocateDirect(64 * 1024)));
            }
        }
    }

    private static final class Loop implements Runnable {
        private final Selector selector;
        private final Queue<Pair> added = new ConcurrentLinkedQueue<>();

        Loop(Selector selector) {
            this.selector = selector;
        }

        void add(Pair pair) {
            added.add(pair);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select();
                    Pair p;
                    while ((p = added.poll()) != null) {
                        p.client().register(selector, SelectionKey.OP_READ, p);
                        p.container().register(selector, SelectionKey.OP_READ, p);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        relay(key);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                e.printStackTrace();
            }
        }

        private static void relay(SelectionKey key) {
            Pair p = (Pair) key.attachment();
            boolean fromClient = key.channel() == p.client();
            ByteBuffer buffer = fromClient ? p.fromClient() : p.fromContainer();
            SocketChannel to = fromClient ? p.container() : p.client();
            try {
                buffer.clear();
                if (((SocketChannel) key.channel()).read(buffer) < 0) {
                    close(p);
                    return;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    // Small answers fit the socket buffer at once; a full one waits here, as a floor may.
                    to.write(buffer);
                }
            } catch (IOException e) {
                close(p);
            }
        }

        private static void close(Pair p) {
            try {
                p.client().close();
                p.container().close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
