package dev.sagebox.api.http;

import dev.sagebox.api.auth.Payload;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.SignedRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.util.List;

/** Checks each request's SigV4 signature against the configured key pair. */
public final class SigV4Authenticator implements RequestAuthenticator {
    private final SigV4Verifier verifier;

    public SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void authenticate(HttpServerExchange exchange, byte[] body, String signingName) {
        verifier.verify(new SignedRequest(exchange.getRequestMethod().toString(), rawPath(exchange),
                exchange.getQueryString(), name -> {
                    HeaderValues values = exchange.getRequestHeaders().get(name);
                    return values == null ? List.of() : values;
                }, Payload.of(body)), signingName);
    }

    /** The path as the client sent it (still encoded), without a scheme and host if it used the absolute form. */
    private static String rawPath(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }
}
