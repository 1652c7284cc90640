package dev.sagebox.api.http;

import dev.sagebox.api.auth.SigV4Verifier;
import io.undertow.server.HttpServerExchange;

/** Decides whether a request may proceed; throws a SageboxException with an auth error code when it may not. */
@FunctionalInterface
public interface RequestAuthenticator {
    /** Lets every request through, for the documented switch that turns signature checks off. */
    RequestAuthenticator NONE = (exchange, body, signingName) -> { };

    /** Checks a request addressed to the service that signs as {@code signingName} ({@code sagemaker}, {@code logs}). */
    void authenticate(HttpServerExchange exchange, byte[] body, String signingName);

    /**
     * Checks that the caller of an authenticated request may perform {@code action} ({@code sagemaker:DeleteModel});
     * throws AccessDeniedException when its credentials' policy does not allow it. Everything is allowed by default.
     */
    default void authorize(HttpServerExchange exchange, String action) {
    }

    /** Checks a SageMaker request (control plane or runtime). */
    default void authenticate(HttpServerExchange exchange, byte[] body) {
        authenticate(exchange, body, SigV4Verifier.SERVICE);
    }
}
