package dev.sagebox.api.http;

import io.undertow.server.HttpServerExchange;

/** Decides whether a request may proceed; throws a SageboxException with an auth error code when it may not. */
@FunctionalInterface
public interface RequestAuthenticator {
    /** Lets every request through, for the documented switch that turns signature checks off. */
    RequestAuthenticator NONE = (exchange, body) -> { };

    void authenticate(HttpServerExchange exchange, byte[] body);
}
