package dev.sagebox.api.http;

import static dev.sagebox.core.Errors.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.ops.OperationRegistry;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The SageMaker control plane in AWS JSON 1.1: validated against the service model, read into wire records. */
public final class SageMakerOperations implements ServiceOperations {
    private final OperationRegistry registry;
    private final InputValidator validator;
    private final ObjectMapper mapper;

    public SageMakerOperations(OperationRegistry registry, InputValidator validator, ObjectMapper mapper) {
        this.registry = registry;
        this.validator = validator;
        this.mapper = mapper;
    }

    /** SageMaker as the registry's entry: {@code X-Amz-Target: SageMaker.<Op>}, signed for {@code sagemaker}. */
    public AwsService service() {
        return new AwsService("SageMaker", SigV4Verifier.SERVICE, AwsProtocol.JSON_1_1, "SageMaker", this);
    }

    @Override
    public boolean has(String operation) {
        return registry.find(operation).isPresent();
    }

    @Override
    public void invoke(String operation, byte[] body, HttpServerExchange exchange) throws IOException {
        OperationRegistry.Binding<?> binding = registry.find(operation)
                .orElseThrow(() -> Errors.of(ErrorCode.UNKNOWN_OPERATION,
                        "Operation %s is not supported by Sagebox.", operation));
        JsonNode input = JsonBody.parse(mapper, body);
        validator.validate(operation, input);
        Object request;
        try {
            // A member the wire record lacks is one Sagebox would drop without acting on it: refuse it instead.
            request = mapper.readerFor(binding.inputType())
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(input);
        } catch (UnrecognizedPropertyException e) {
            throw validation("Sagebox does not support the member '%s' of %s.", memberPath(e), operation);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw Errors.of(ErrorCode.SERIALIZATION_EXCEPTION, "Could not read the %s request: %s", operation,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
        }
        Object response = binding.invoke(request);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ControlPlaneHandler.JSON_1_1);
        exchange.getResponseSender().send(ByteBuffer.wrap(mapper.writeValueAsBytes(response)));
    }

    /** {@code ProfilerConfig}, {@code AlgorithmSpecification.MetricDefinitions}, {@code InputDataConfig[0].X}. */
    private static String memberPath(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
