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
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Undertow listener for both planes: it stamps every response with a request id, routes by path, runs handlers
 * on worker threads and turns every failure into an AWS error body, so no request ends in an HTML page.
 */
public final class SageboxHttpServer implements AutoCloseable {
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");
    /**
     * Undertow's own cap on a request body (its default is 2 MiB). Each plane enforces its smaller limit with an AWS
     * error: 1 MiB for the control plane, 6 MiB for InvokeEndpoint; beyond this the connection is cut.
     */
    private static final long MAX_ENTITY_SIZE = 8L << 20;
    private static final String LOOPBACK = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(SageboxHttpServer.class);
    /**
     * Half the cores: the I/O threads parse and verify the control plane's requests (and InvokeEndpoint's, when the
     * invocation lane is off or leaves one to Undertow), and share the
     * machine with the containers they serve and, under benchmark, with the client. Measured on two cores: with a
     * model server faster than the router (bench/run-router's bench-fast-server) two I/O threads served about 30% more
     * invocations at 16 clients than one, but bench/run's DescribeModel p99 went from 1.6 to 4.4 ms (its target is
     * 5 ms) as the I/O threads took CPU from the workers that answer the control plane; one stays the default, and
     * {@code SAGEBOX_IO_THREADS} sets another (for a host that mostly serves fast models).
     */
    public static final int DEFAULT_IO_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    /** How long a request body may take to arrive by default; SDKs send theirs at once. */
    public static final java.time.Duration DEFAULT_BODY_READ_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final Undertow undertow;
    private final List<Undertow> extraListeners;
    private final Optional<FrontListener> front;

    private SageboxHttpServer(Undertow undertow, List<Undertow> extraListeners, Optional<FrontListener> front) {
        this.undertow = undertow;
        this.extraListeners = List.copyOf(extraListeners);
        this.front = front;
    }

    /** Routes: POST / control plane, POST /endpoints/{name}/invocations runtime, GET /_sagebox/* internal. */
    public static SageboxHttpServer start(String host, int port, HttpHandler controlPlane, HttpHandler runtime,
            Map<String, HttpHandler> internal, ErrorRenderer renderer, IdSource ids) {
        return start(host, List.of(), port, controlPlane, runtime, internal, Map.of(), renderer, ids,
                DEFAULT_BODY_READ_TIMEOUT, DEFAULT_IO_THREADS, Optional.empty());
    }

    /**
     * As the other {@code start}, and: an {@code internal} route whose path ends in {@code /} also takes every path
     * under it; requests under a path prefix of {@code ioPrefixRoutes} go to its handler on the
     * I/O thread, never put into blocking mode (the notebook proxy streams and upgrades connections); and the same
     * routes also listen on each of {@code extraHosts} (the Docker bridge, so containers reach the API), on the same
     * port when it is free there, else on a free one. Every other request's body (at most the control plane's 1 MiB)
     * is received on the I/O thread within {@code bodyReadTimeout} before a worker is taken, so stalled uploads cannot
     * hold the workers the control plane answers on. {@code ioThreads} I/O threads serve every listener. With a
     * {@code front} listener (already bound to {@code host} and its port), Undertow listens on the loopback only and
     * gets what the front listener does not serve itself; the extra hosts listen on the front listener's port.
     */
    public static SageboxHttpServer start(String host, List<String> extraHosts, int port, HttpHandler controlPlane,
            HttpHandler runtime, Map<String, HttpHandler> internal, Map<String, HttpHandler> ioPrefixRoutes,
            ErrorRenderer renderer, IdSource ids, java.time.Duration bodyReadTimeout, int ioThreads,
            Optional<FrontListener> front) {
        BodyReceiver bodies = new BodyReceiver(bodyReadTimeout);
        Map<String, HttpHandler> internalRoutes = new LinkedHashMap<>(internal);
        Map<String, HttpHandler> ioRoutes = new LinkedHashMap<>(ioPrefixRoutes);
        HttpHandler router = exchange -> {
            String path = exchange.getRequestPath();
            if (isControlPlane(exchange)) {
                controlPlane.handleRequest(exchange);
            } else if (path.startsWith("/endpoints/") && exchange.getRequestMethod().equals(Methods.POST)) {
                runtime.handleRequest(exchange);
            } else if (internalRoutes.containsKey(path)) {
                internalRoutes.get(path).handleRequest(exchange);
            } else if (folderRoute(internalRoutes, path) != null) {
                folderRoute(internalRoutes, path).handleRequest(exchange);
            } else if (controlPlane instanceof ControlPlaneHandler handler) {
                handler.refuseUnrouted(exchange);
            } else {
                throw new SageboxException(ErrorCode.UNKNOWN_OPERATION,
                        "No operation at " + exchange.getRequestMethod() + " " + path);
            }
        };
        HttpHandler root = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                HttpHandler ioRoute = exchange.isInIoThread() ? ioRoute(ioRoutes, exchange.getRequestPath()) : null;
                if (ioRoute != null) {
                    exchange.getResponseHeaders().put(REQUEST_ID, ids.newId());
                    try {
                        ioRoute.handleRequest(exchange);
                    } catch (Throwable t) {
                        renderer.render(exchange, t);
                    }
                    return;
                }
                if (exchange.isInIoThread() && isInvocation(exchange)) {
                    // InvokeEndpoint never blocks: it stays on the I/O thread, the hot path of the router.
                    exchange.getResponseHeaders().put(REQUEST_ID, ids.newId());
                    try {
                        runtime.handleRequest(exchange);
                    } catch (Throwable t) {
                        renderer.render(exchange, t);
                    }
                    return;
                }
                if (exchange.isInIoThread()) {
                    exchange.getResponseHeaders().put(REQUEST_ID, ids.newId());
                    bodies.receive(exchange, ControlPlaneHandler.MAX_BODY, (ex, body) -> {
                        ex.putAttachment(BodyReader.RECEIVED, body);
                        if (controlPlane instanceof ControlPlaneHandler handler && isControlPlane(ex)) {
                            try {
                                handler.verifyBeforeDispatch(ex, body);
                            } catch (Throwable t) {
                                renderer.render(ex, t);
                                return;
                            }
                        }
                        ex.dispatch(this);
                    }, ex -> renderer.render(ex, BodyReader.controlPlaneTooLarge(ControlPlaneHandler.MAX_BODY)));
                    return;
                }
                try {
                    exchange.startBlocking();
                    router.handleRequest(exchange);
                } catch (Throwable t) {
                    renderer.render(exchange, t);
                }
            }
        };
        Undertow undertow = Undertow.builder()
                .addHttpListener(front.isPresent() ? 0 : port, front.isPresent() ? LOOPBACK : host)
                .setIoThreads(ioThreads)
                .setWorkerThreads(64)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_ENTITY_SIZE)
                .setHandler(root)
                .build();
        undertow.start();
        InetSocketAddress undertowAddress = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        int actualPort = front.map(FrontListener::port).orElse(undertowAddress.getPort());
        List<Undertow> extras = new ArrayList<>();
        for (String extraHost : extraHosts) {
            try {
                extras.add(extraListener(undertow, extraHost, actualPort, root));
            } catch (RuntimeException e) {
                // The API still serves on its own address; only containers lose their way to it.
                LOG.warn("cannot listen on {} as well: {}", extraHost, e.toString());
            }
        }
        front.ifPresent(f -> f.start(undertowAddress));
        return new SageboxHttpServer(undertow, extras, front);
    }

    /** One more listener sharing the main one's threads; one port for every address keeps container URLs familiar. */
    private static Undertow extraListener(Undertow main, String host, int port, HttpHandler root) {
        RuntimeException taken = null;
        for (int candidate : new int[] {port, 0}) {
            Undertow extra = Undertow.builder()
                    .addHttpListener(candidate, host)
                    .setWorker(main.getWorker())
                    .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                    .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_ENTITY_SIZE)
                    .setHandler(root)
                    .build();
            try {
                extra.start();
                return extra;
            } catch (RuntimeException e) {
                taken = e;
            }
        }
        throw taken;
    }

    /** The handler of an {@code internal} route ending in {@code /} that {@code path} lies under (the web console). */
    private static HttpHandler folderRoute(Map<String, HttpHandler> internal, String path) {
        for (Map.Entry<String, HttpHandler> route : internal.entrySet()) {
            if (route.getKey().endsWith("/") && path.startsWith(route.getKey())) {
                return route.getValue();
            }
        }
        return null;
    }

    private static HttpHandler ioRoute(Map<String, HttpHandler> ioRoutes, String path) {
        for (Map.Entry<String, HttpHandler> route : ioRoutes.entrySet()) {
            if (path.startsWith(route.getKey())) {
                return route.getValue();
            }
        }
        return null;
    }

    /** {@code POST /}, and {@code POST /service/…} (Smithy RPC v2 CBOR). */
    private static boolean isControlPlane(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        return exchange.getRequestMethod().equals(Methods.POST)
                && (path.equals("/") || path.startsWith(ServiceRegistry.RPC_V2_PREFIX));
    }

    private static boolean isInvocation(HttpServerExchange exchange) {
        return exchange.getRequestMethod().equals(Methods.POST) && exchange.getRequestPath().startsWith("/endpoints/");
    }

    /** The server's worker, for its figures (threads busy, queue). */
    public org.xnio.management.XnioWorkerMXBean worker() {
        return undertow.getWorker().getMXBean();
    }

    /** The API port: the front listener's if there is one. */
    public int port() {
        return front.map(FrontListener::port)
                .orElseGet(() -> ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort());
    }

    /** Where the extra hosts' listeners answer, e.g. {@code http://172.17.0.1:7070}, in the order given. */
    public List<URI> extraEndpoints() {
        return extraListeners.stream().map(u -> (InetSocketAddress) u.getListenerInfo().get(0).getAddress())
                .map(a -> URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort())).toList();
    }

    @Override
    public void close() {
        front.ifPresent(FrontListener::close);
        extraListeners.forEach(Undertow::stop);
        undertow.stop();
    }
}
