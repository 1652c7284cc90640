package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.IdSource;
import dev.sagebox.core.SageboxException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Undertow listener for both planes: it stamps every response with a request id, routes by path, runs handlers
 * on worker threads and turns every failure into an AWS error body, so no request ends in an HTML page.
 */
public final class SageboxHttpServer implements AutoCloseable {
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");

    private final Undertow undertow;

    private SageboxHttpServer(Undertow undertow) {
        this.undertow = undertow;
    }

    /** Routes: POST / control plane, POST /endpoints/{name}/invocations runtime, GET /_sagebox/* internal. */
    public static SageboxHttpServer start(String host, int port, HttpHandler controlPlane, HttpHandler runtime,
            Map<String, HttpHandler> internal, ErrorRenderer renderer, IdSource ids) {
        Map<String, HttpHandler> internalRoutes = new LinkedHashMap<>(internal);
        HttpHandler router = exchange -> {
            String path = exchange.getRequestPath();
            if (path.equals("/") && exchange.getRequestMethod().equals(Methods.POST)) {
                controlPlane.handleRequest(exchange);
            } else if (path.startsWith("/endpoints/") && exchange.getRequestMethod().equals(Methods.POST)) {
                runtime.handleRequest(exchange);
            } else if (internalRoutes.containsKey(path)) {
                internalRoutes.get(path).handleRequest(exchange);
            } else {
                throw new SageboxException(ErrorCode.UNKNOWN_OPERATION,
                        "No operation at " + exchange.getRequestMethod() + " " + path);
            }
        };
        HttpHandler root = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.getResponseHeaders().put(REQUEST_ID, ids.newId());
                try {
                    exchange.startBlocking();
                    router.handleRequest(exchange);
                } catch (Throwable t) {
                    renderer.render(exchange, t);
                }
            }
        };
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(2)
                .setWorkerThreads(64)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(root)
                .build();
        undertow.start();
        return new SageboxHttpServer(undertow);
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
