package dev.sagebox.api.http;

import dev.sagebox.api.auth.AuthenticatedCaller;
import dev.sagebox.api.auth.Payload;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.SignedRequest;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.credentials.IssuedCredentials;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks each request's SigV4 signature against the configured key pair and the credentials issued to resources, and
 * what an issued credential's policy allows.
 */
public final class SigV4Authenticator implements RequestAuthenticator {
    private static final AttachmentKey<AuthenticatedCaller> CALLER = AttachmentKey.create(AuthenticatedCaller.class);

    private final SigV4Verifier verifier;
    private final Function<String, Optional<IssuedCredentials>> issued;

    public SigV4Authenticator(SigV4Verifier verifier) {
        this(verifier, accessKeyId -> Optional.empty());
    }

    /** {@code issued}: the issued credentials (ARN of their resource, policy) behind an access key id. */
    public SigV4Authenticator(SigV4Verifier verifier, Function<String, Optional<IssuedCredentials>> issued) {
        this.verifier = verifier;
        this.issued = issued;
    }

    @Override
    public void authenticate(HttpServerExchange exchange, byte[] body, String signingName) {
        AuthenticatedCaller caller = verifier.verify(new SignedRequest(exchange.getRequestMethod().toString(),
                rawPath(exchange), exchange.getQueryString(), name -> {
                    HeaderValues values = exchange.getRequestHeaders().get(name);
                    return values == null ? List.of() : values;
                }, Payload.of(body)), signingName);
        exchange.putAttachment(CALLER, caller);
    }

    @Override
    public void authorize(HttpServerExchange exchange, String action) {
        AuthenticatedCaller caller = exchange.getAttachment(CALLER);
        if (caller != null) {
            authorize(caller, action);
        }
    }

    @Override
    public void admit(SignedRequest request, String signingName, String action) {
        authorize(verifier.verify(request, signingName), action);
    }

    private void authorize(AuthenticatedCaller caller, String action) {
        Optional<IssuedCredentials> credentials = issued.apply(caller.accessKeyId());
        if (credentials.isPresent() && !credentials.get().policy().mayCall(action)) {
            throw new SageboxException(ErrorCode.ACCESS_DENIED, "User: " + credentials.get().ownerArn()
                    + " is not authorized to perform: " + action + " because no identity-based policy allows the "
                    + action + " action");
        }
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
