package dev.sagebox.bench;

import dev.sagebox.api.http.BodyReader;
import dev.sagebox.api.http.ErrorRenderer;
import dev.sagebox.api.http.SageboxHttpServer;
import dev.sagebox.api.wire.WireJson;
import dev.sagebox.core.IdSource;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The baselines' servers: they answer every request with a fixed JSON body (the bytes Sagebox answered a
 * DescribeModel with) and do no other work, so they measure the HTTP stack and nothing else.
 *
 * <ul>
 *   <li>{@code sagebox-http}: Sagebox's own listener ({@link SageboxHttpServer}: the same Undertow settings, the
 *       dispatch to a blocking worker, the request id, the body read) with a handler that skips authentication,
 *       parsing, validation, the record store and serialization. Sagebox can at best reach this.</li>
 *   <li>{@code undertow-io}: bare Undertow answering on its I/O thread, the floor of the stack itself.</li>
 * </ul>
 *
 * <p>Usage: {@code FloorServer <mode> <port> <body file>}; prints a ready line, runs until killed.
 */
public final class FloorServer {
    static final String READY = "floor server ready";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";

    private FloorServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: FloorServer sagebox-http|undertow-io <port> <body file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        byte[] body = Files.readAllBytes(Path.of(args[2]));
        AutoCloseable server = switch (args[0]) {
            case "sagebox-http" -> sageboxHttp(port, body);
            case "undertow-io" -> undertowIo(port, body);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("floor server: " + e);
            }
            stopped.countDown();
        }));
        System.out.println(READY + " (" + args[0] + ") on 127.0.0.1:" + port);
        stopped.await();
    }

    private static AutoCloseable sageboxHttp(int port, byte[] body) {
        HttpHandler fixed = exchange -> {
            BodyReader.read(exchange, 1 << 20, BodyReader.controlPlaneTooLarge(1 << 20));
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_1_1);
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        };
        return SageboxHttpServer.start("127.0.0.1", port, fixed, fixed, Map.of(),
                new ErrorRenderer(WireJson.mapper()), IdSource.random());
    }

    private static AutoCloseable undertowIo(int port, byte[] body) {
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setIoThreads(2)
                .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, request) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_1_1);
                    ex.getResponseSender().send(ByteBuffer.wrap(body));
                }))
                .build();
        undertow.start();
        return undertow::stop;
    }
}
