package dev.sagebox.api.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.io.IOException;

/**
 * {@code POST /}: finds the addressed service (SageMaker, CloudWatch Logs, STS), checks the signature against that
 * service's signing name and runs the operation; errors from then on are answered in the service's protocol.
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

    private ServiceRegistry.Addressed verify(HttpServerExchange exchange, byte[] body) {
        ServiceRegistry.Addressed addressed = services.resolve(exchange, body);
        AwsService service = addressed.service();
        service.protocol().attachTo(exchange);
        authenticator.authenticate(exchange, body, service.signingName());
        return addressed;
    }
}
