package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code POST /endpoints/{name}/invocations}: the SageMaker runtime's InvokeEndpoint, on the API port. Runs on the
 * I/O thread and never blocks: the body is received asynchronously, then handed to the {@link Invoker}. Bodies big
 * enough to make signature hashing noticeable are verified on a worker thread instead.
 */
public final class RuntimeHandler implements HttpHandler {
    private static final String PREFIX = "/endpoints/";
    private static final String SUFFIX = "/invocations";
    /** 6 MiB, the InvokeEndpoint payload limit. */
    public static final int MAX_PAYLOAD = 6 * 1024 * 1024;
    /** The largest body whose signature is checked on an I/O thread; a larger one is checked on a worker. */
    public static final int HASH_ON_IO_THREAD_LIMIT = 256 * 1024;


    private final RequestAuthenticator authenticator;
    private final Invoker invoker;
    private final ErrorRenderer renderer;
    private final BodyReceiver bodies;

    public RuntimeHandler(RequestAuthenticator authenticator, Invoker invoker, ErrorRenderer renderer,
            BodyReceiver bodies) {
        this.authenticator = authenticator;
        this.invoker = invoker;
        this.renderer = renderer;
        this.bodies = bodies;
    }

    /**
     * Serves one invocation of a named endpoint, writing the response itself, possibly later from another callback.
     * Called on the exchange's I/O thread or a worker; must not block. Throwing renders the error.
     */
    @FunctionalInterface
    public interface Invoker {
        /** {@code arrivedNanos}: {@link System#nanoTime()} when the request reached Sagebox, for its overhead. */
        void invoke(String endpointName, byte[] body, HttpServerExchange exchange, long arrivedNanos) throws Exception;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long arrived = System.nanoTime();
        String endpointName = endpointName(exchange.getRequestPath());
        if (endpointName == null) {
            throw new SageboxException(ErrorCode.VALIDATION_ERROR, "Unknown runtime path " + exchange.getRequestPath());
        }
        // On the I/O thread with the read timeout of every body: a stalled upload holds a connection for at most that
        // long, never a worker; a declared oversize body is drained and then refused, so the client reads the error.
        bodies.receive(exchange, MAX_PAYLOAD, (ex, body) -> {
            if (body.length > HASH_ON_IO_THREAD_LIMIT && ex.isInIoThread()) {
                ex.dispatch(() -> invoke(ex, endpointName, body, arrived));
            } else {
                invoke(ex, endpointName, body, arrived);
            }
        }, ex -> renderer.render(ex, tooLarge()));
    }

    /** The {name} of /endpoints/{name}/invocations (one non-empty segment), else null. No regex on the hot path. */
    public static String endpointName(String path) {
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return null;
        }
        int start = PREFIX.length();
        int end = path.length() - SUFFIX.length();
        if (end <= start || path.indexOf('/', start) != end) {
            return null;
        }
        return path.substring(start, end);
    }

    private void invoke(HttpServerExchange exchange, String endpointName, byte[] body, long arrived) {
        try {
            authenticator.authenticate(exchange, body);
            authenticator.authorize(exchange, "sagemaker:InvokeEndpoint");
            invoker.invoke(endpointName, body, exchange, arrived);
        } catch (Exception e) {
            renderer.render(exchange, e);
        }
    }

    private static SageboxException tooLarge() {
        return new SageboxException(ErrorCode.VALIDATION_ERROR,
                "Received payload is larger than the maximum of " + MAX_PAYLOAD + " bytes.");
    }
}
