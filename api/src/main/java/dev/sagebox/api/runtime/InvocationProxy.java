package dev.sagebox.api.runtime;

import dev.sagebox.api.http.ErrorRenderer;
import dev.sagebox.api.http.RuntimeHandler;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.InvocationMeters;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.Route;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Optional;

/**
 * InvokeEndpoint: asks the hosting router for a variant and instance, then forwards the invocation to it without
 * blocking, on the I/O thread of the caller's exchange, over pooled keep-alive connections.
 */
public final class InvocationProxy implements RuntimeHandler.Invoker, AutoCloseable {
    static final HttpString TARGET_VARIANT = new HttpString("X-Amzn-SageMaker-Target-Variant");
    static final HttpString CUSTOM_ATTRIBUTES = new HttpString("X-Amzn-SageMaker-Custom-Attributes");
    static final HttpString INVOKED_VARIANT = new HttpString("X-Amzn-Invoked-Production-Variant");

    final EndpointRouter router;
    final ErrorRenderer renderer;
    final long timeoutMillis;
    final InvocationErrors errors;
    final ContainerConnections connections = new ContainerConnections();
    private final InvocationMeters meters;

    /** {@code timeout}: how long a container may take to answer (contract: 60 s). */
    public InvocationProxy(EndpointRouter router, ErrorRenderer renderer, AwsScope scope, Duration timeout) {
        this(router, renderer, scope, timeout, InvocationMeters.NONE);
    }

    /** As the other constructor; {@code meters} counts the invocations refused before a variant was chosen. */
    public InvocationProxy(EndpointRouter router, ErrorRenderer renderer, AwsScope scope, Duration timeout,
            InvocationMeters meters) {
        this.meters = meters;
        this.router = router;
        this.renderer = renderer;
        this.timeoutMillis = timeout.toMillis();
        this.errors = new InvocationErrors(scope);
    }

    @Override
    public void invoke(String endpointName, byte[] body, HttpServerExchange exchange, long arrivedNanos) {
        Optional<String> target = Optional.ofNullable(exchange.getRequestHeaders().getFirst(TARGET_VARIANT));
        Route route;
        try {
            route = router.route(endpointName, target);
        } catch (SageboxException e) {
            if (router.table(endpointName).isPresent()) {
                meters.refused(endpointName, e.code().httpStatus());
            }
            throw e;
        }
        Invocation invocation = new Invocation(this, exchange, route, body, arrivedNanos);
        exchange.dispatch(exchange.isInIoThread() ? SameThreadExecutor.INSTANCE : exchange.getIoThread(),
                invocation::start);
    }

    @Override
    public void close() {
        connections.close();
    }
}
