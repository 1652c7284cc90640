package dev.sagebox.api.runtime;

import dev.sagebox.api.auth.Payload;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.SignedRequest;
import dev.sagebox.api.http.ErrorRenderer;
import dev.sagebox.api.http.RequestAuthenticator;
import dev.sagebox.api.http.RuntimeHandler;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.IdSource;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Which requests the invocation lane serves, and how they start: InvokeEndpoint as the SDKs send it (HTTP/1.1, a
 * {@code Content-Length} body of at most 256 KiB, {@code Expect: 100-continue} at most), correctly signed by a caller allowed to invoke,
 * to an endpoint that has an instance to take it. Everything else, including every request that ends in an error
 * before a container was asked, is left to Undertow ({@link RuntimeHandler} and {@link InvocationProxy}), which
 * answers it as it always did: one code path for the errors, and the lane only for the hot path.
 */
public final class LaneInvocations {
    private static final String ACTION = "sagemaker:InvokeEndpoint";
    /** The one expectation the lane meets (the AWS SDK for Java sends it with every body). */
    static final String CONTINUE = "100-continue";
    private static final String PREFIX = "POST /endpoints/";
    private static final String VERSION = " HTTP/1.1";
    /** Where the request target starts in the request line, after {@code POST }. */
    private static final int TARGET = "POST ".length();

    private final EndpointRouter router;
    private final RequestAuthenticator authenticator;
    private final ErrorRenderer renderer;
    private final InvocationErrors errors;
    private final long timeoutNanos;
    private final IdSource ids;

    public LaneInvocations(EndpointRouter router, RequestAuthenticator authenticator, ErrorRenderer renderer,
            AwsScope scope, Duration timeout, IdSource ids) {
        this.router = router;
        this.authenticator = authenticator;
        this.renderer = renderer;
        this.errors = new InvocationErrors(scope);
        this.timeoutNanos = timeout.toNanos();
        this.ids = ids;
    }

    /** The body length of a request the lane serves, or -1 for one it leaves to Undertow. */
    long admissibleLength(HttpHead head) {
        String line = head.startLine();
        String expect = head.first("Expect");
        if (!line.startsWith(PREFIX) || !line.endsWith(VERSION) || head.first("Transfer-Encoding") != null
                || (expect != null && (!expect.equalsIgnoreCase(CONTINUE) || head.count("Expect") > 1))) {
            return -1;
        }
        long length = head.contentLength();
        if (length < 0 || length > RuntimeHandler.HASH_ON_IO_THREAD_LIMIT) {
            return -1;
        }
        String path = rawPath(line);
        return path.indexOf('%') < 0 && RuntimeHandler.endpointName(path) != null ? length : -1;
    }

    /**
     * Starts the invocation of an admissible request whose body has come; false when the lane does not serve it
     * after all (its signature, its caller's rights or the endpoint's state make it an error), so Undertow answers.
     */
    boolean invoke(LaneClient client, HttpHead head, byte[] body, long arrivedNanos) {
        String line = head.startLine();
        String path = rawPath(line);
        String target = line.substring(TARGET, line.length() - VERSION.length());
        String query = target.length() > path.length() ? target.substring(path.length() + 1) : "";
        Route route;
        try {
            authenticator.admit(new SignedRequest("POST", path, query, head, Payload.of(body)),
                    SigV4Verifier.SERVICE, ACTION);
            route = router.route(RuntimeHandler.endpointName(path),
                    Optional.ofNullable(head.first(InvocationLane.TARGET_VARIANT)));
        } catch (RuntimeException e) {
            return false;
        }
        client.loop().countServed();
        new LaneInvocation(this, client, route, head, body, arrivedNanos).start();
        return true;
    }

    /** The request target's path, as sent (without the query). */
    private static String rawPath(String line) {
        int to = line.length() - VERSION.length();
        int query = line.indexOf('?', TARGET);
        return line.substring(TARGET, query < 0 || query > to ? to : query);
    }

    EndpointRouter router() {
        return router;
    }

    InvocationErrors errors() {
        return errors;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** A 200 answer: the last container's body and type, the variant that served it. */
    ByteBuffer[] answer(String contentType, String variant, String customAttributes, byte[] body, boolean close) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 200 OK\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append(InvocationLane.INVOKED_VARIANT).append(": ").append(variant).append("\r\n");
        if (customAttributes != null) {
            head.append(InvocationLane.CUSTOM_ATTRIBUTES).append(": ").append(customAttributes).append("\r\n");
        }
        return finish(head, body, close);
    }

    /** An error answer, rendered by the one renderer. */
    ByteBuffer[] error(Throwable failure, boolean close) {
        ErrorRenderer.RenderedError error = renderer.renderRuntime(failure);
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(error.status()).append(' ')
                .append(io.undertow.util.StatusCodes.getReason(error.status())).append("\r\n")
                .append("x-amzn-ErrorType: ").append(error.errorType()).append("\r\n")
                .append("Content-Type: ").append(error.contentType()).append("\r\n");
        return finish(head, error.body(), close);
    }

    private ByteBuffer[] finish(StringBuilder head, byte[] body, boolean close) {
        head.append("x-amzn-RequestId: ").append(ids.newId()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append(close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
        return new ByteBuffer[] {ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)),
                ByteBuffer.wrap(body)};
    }
}
