package dev.sagebox.api.http;

import static dev.sagebox.core.Errors.of;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.ops.OperationRegistry;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;

/** {@code POST /} with {@code X-Amz-Target: SageMaker.<Op>}: the AWS JSON 1.1 control plane. */
public final class ControlPlaneHandler implements HttpHandler {
    static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final HttpString TARGET = new HttpString("X-Amz-Target");
    private static final String PREFIX = "SageMaker.";
    private static final int MAX_BODY = 1 << 20;

    private final OperationRegistry registry;
    private final InputValidator validator;
    private final RequestAuthenticator authenticator;
    private final ObjectMapper mapper;

    public ControlPlaneHandler(
            OperationRegistry registry, InputValidator validator, RequestAuthenticator authenticator, ObjectMapper mapper) {
        this.registry = registry;
        this.validator = validator;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
        byte[] body = BodyReader.read(exchange, MAX_BODY, BodyReader.controlPlaneTooLarge(MAX_BODY));
        authenticator.authenticate(exchange, body);
        String target = exchange.getRequestHeaders().getFirst(TARGET);
        if (target == null || !target.startsWith(PREFIX)) {
            throw of(ErrorCode.UNKNOWN_OPERATION, "Missing or unknown X-Amz-Target header: %s", target);
        }
        String operation = target.substring(PREFIX.length());
        OperationRegistry.Binding<?> binding = registry.find(operation)
                .orElseThrow(() -> of(ErrorCode.UNKNOWN_OPERATION, "Operation %s is not supported by Sagebox.", operation));
        JsonNode input = parse(body);
        validator.validate(operation, input);
        Object request;
        try {
            request = mapper.treeToValue(input, binding.inputType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw of(ErrorCode.SERIALIZATION_EXCEPTION, "Could not read the %s request: %s", operation,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
        }
        Object response = binding.invoke(request);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_1_1);
        exchange.getResponseSender().send(ByteBuffer.wrap(mapper.writeValueAsBytes(response)));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "Request body is not valid JSON.");
        }
    }
}
