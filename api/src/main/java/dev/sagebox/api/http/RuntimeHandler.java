package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /endpoints/{name}/invocations}: the SageMaker runtime's InvokeEndpoint, on the API port. */
public final class RuntimeHandler implements HttpHandler {
    static final Pattern PATH = Pattern.compile("/endpoints/([^/]+)/invocations");
    /** 6 MiB, the InvokeEndpoint payload limit. */
    public static final int MAX_PAYLOAD = 6 * 1024 * 1024;

    private final RequestAuthenticator authenticator;
    private final Invoker invoker;

    public RuntimeHandler(RequestAuthenticator authenticator, Invoker invoker) {
        this.authenticator = authenticator;
        this.invoker = invoker;
    }

    /** Serves one invocation of a named endpoint, writing the response itself. */
    @FunctionalInterface
    public interface Invoker {
        void invoke(String endpointName, byte[] body, HttpServerExchange exchange) throws Exception;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Matcher m = PATH.matcher(exchange.getRequestPath());
        if (!m.matches()) {
            throw new SageboxException(ErrorCode.VALIDATION_ERROR, "Unknown runtime path " + exchange.getRequestPath());
        }
        byte[] body = BodyReader.read(exchange, MAX_PAYLOAD, new SageboxException(ErrorCode.VALIDATION_ERROR,
                "Received payload is larger than the maximum of " + MAX_PAYLOAD + " bytes."));
        authenticator.authenticate(exchange, body);
        invoker.invoke(m.group(1), body, exchange);
    }
}
