package dev.sagebox.api.http;

import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.SignedRequest;
import io.undertow.server.HttpServerExchange;

/** Decides whether a request may proceed; throws a SageboxException with an auth error code when it may not. */
public interface RequestAuthenticator {
    /** Lets every request through, for the documented switch that turns signature checks off. */
    RequestAuthenticator NONE = new RequestAuthenticator() {
        @Override
        public void authenticate(HttpServerExchange exchange, byte[] body, String signingName) {
        }

        @Override
        public void admit(SignedRequest request, String signingName, String action) {
        }
    };

    /** Checks a request addressed to the service that signs as {@code signingName} ({@code sagemaker}, {@code logs}). */
    void authenticate(HttpServerExchange exchange, byte[] body, String signingName);

    /**
     * Checks that the caller of an authenticated request may perform {@code action} ({@code sagemaker:DeleteModel});
     * throws AccessDeniedException when its credentials' policy does not allow it. Everything is allowed by default.
     */
    default void authorize(HttpServerExchange exchange, String action) {
    }

    /**
     * Checks a request that a listener of its own read (the invocation lane) in one step: its signature, for the
     * service that signs as {@code signingName}, and that its caller may perform {@code action}.
     */
    void admit(SignedRequest request, String signingName, String action);

    /** Checks a SageMaker request (control plane or runtime). */
    default void authenticate(HttpServerExchange exchange, byte[] body) {
        authenticate(exchange, body, SigV4Verifier.SERVICE);
    }
}
