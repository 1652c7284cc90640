package dev.sagebox.api.http;

import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /}: finds the addressed service (SageMaker, CloudWatch Logs, STS), checks the signature against that
 * service's signing name and runs the operation; errors from then on are answered in the service's protocol. A request
 * signed for a service Sagebox does not serve is told so, in the protocol of that service.
 */
public final class ControlPlaneHandler implements HttpHandler {
    static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final HttpString TARGET = new HttpString("X-Amz-Target");
    static final int MAX_BODY = 1 << 20;
    /** Hashing a larger body for its signature would hold the I/O thread noticeably; those are checked on a worker. */
    private static final int VERIFY_ON_IO_THREAD_LIMIT = 256 * 1024;
    private static final AttachmentKey<ServiceRegistry.Addressed> VERIFIED =
            AttachmentKey.create(ServiceRegistry.Addressed.class);

    private final ServiceRegistry services;
    private final RequestAuthenticator authenticator;

    public ControlPlaneHandler(ServiceRegistry services, RequestAuthenticator authenticator) {
        this.services = services;
        this.authenticator = authenticator;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
        byte[] body = BodyReader.read(exchange, MAX_BODY, BodyReader.controlPlaneTooLarge(MAX_BODY));
        ServiceRegistry.Addressed addressed = exchange.getAttachment(VERIFIED);
        if (addressed == null) {
            addressed = verify(exchange, body);
        }
        AwsService service = addressed.service();
        if (addressed.operation().isEmpty()) {
            throw service.protocol().missingOperation(exchange.getRequestHeaders().getFirst(TARGET));
        }
        String operation = addressed.operation().get();
        if (!service.operations().has(operation)) {
            throw service.protocol().unknownOperation(service, operation);
        }
        authenticator.authorize(exchange, service.signingName() + ":" + operation);
        service.operations().invoke(operation, body, exchange);
    }

    /**
     * Run on the I/O thread once the body is in: finds the service and checks the signature there when the body is
     * small enough, so unsigned floods are refused without taking a worker. Throws as {@link #handleRequest} would.
     */
    void verifyBeforeDispatch(HttpServerExchange exchange, byte[] body) {
        if (body.length <= VERIFY_ON_IO_THREAD_LIMIT) {
            exchange.putAttachment(VERIFIED, verify(exchange, body));
        }
    }

    /**
     * A request on a path no route takes: one signed for a service Sagebox does not serve (a REST call to Lambda or
     * S3) is authenticated and told so in its protocol; any other is an unknown operation, as it always was.
     */
    public void refuseUnrouted(HttpServerExchange exchange) throws IOException {
        refuseUnserved(exchange, BodyReader.read(exchange, MAX_BODY, BodyReader.controlPlaneTooLarge(MAX_BODY)));
        throw Errors.of(ErrorCode.UNKNOWN_OPERATION, "No operation at %s %s", exchange.getRequestMethod(),
                exchange.getRequestPath());
    }

    private ServiceRegistry.Addressed verify(HttpServerExchange exchange, byte[] body) {
        ServiceRegistry.Addressed addressed = services.resolve(exchange, body);
        if (!addressed.named()) {
            // A request that names a served service is that service's, whatever it was signed for (as a request to an
            // AWS endpoint is): its signature check says which service the scope should name.
            refuseUnserved(exchange, body);
        }
        AwsService service = addressed.service();
        service.attachTo(exchange);
        authenticator.authenticate(exchange, body, service.signingName());
        return addressed;
    }

    /**
     * Throws when the request, naming no served service, is signed for a service no service here signs as: its
     * signature is checked against that name (a wrong key gets the usual error), then it gets an error naming the
     * service in the protocol its shape implies, rather than being handed to a served service that would answer with
     * a misleading one.
     */
    private void refuseUnserved(HttpServerExchange exchange, byte[] body) {
        Optional<String> signedFor = SigV4Verifier.signedService(name -> {
            HeaderValues values = exchange.getRequestHeaders().get(name);
            return values == null ? List.of() : values;
        }, exchange.getQueryString());
        if (signedFor.isEmpty() || services.serves(signedFor.get())) {
            return;
        }
        ServiceRegistry.shapeOf(exchange, signedFor.get()).attachTo(exchange);
        authenticator.authenticate(exchange, body, signedFor.get());
        throw services.unserved(signedFor.get());
    }
}
