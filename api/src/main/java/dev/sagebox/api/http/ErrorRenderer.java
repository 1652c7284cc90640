package dev.sagebox.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place an error becomes an AWS error response: {@code __type}, {@code message} and {@code Message} in the
 * body, {@code x-amzn-ErrorType} in the headers, so botocore and the Java SDK both read code and text; a request to a
 * query-protocol service (STS, CloudWatch) or a REST-XML one (S3) gets its {@code <ErrorResponse>} XML instead, and one
 * in RPC v2 CBOR the same members in CBOR.
 */
public final class ErrorRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);
    private static final HttpString ERROR_TYPE = new HttpString("x-amzn-ErrorType");
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");

    private static final HttpString QUERY_ERROR = new HttpString("x-amzn-query-error");
    private static final HttpString SMITHY_PROTOCOL = new HttpString("smithy-protocol");

    private final ObjectMapper mapper;
    private final ObjectMapper cbor = new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());

    public ErrorRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An error as the runtime (InvokeEndpoint) answers it: status, {@code x-amzn-ErrorType}, JSON 1.1 body. */
    public record RenderedError(int status, String errorType, String contentType, byte[] body) {
    }

    /** {@code failure} as an InvokeEndpoint error, for a listener that writes its own responses. */
    public RenderedError renderRuntime(Throwable failure) {
        SageboxException error = asSageboxException(failure);
        return new RenderedError(error.code().httpStatus(), error.code().wireName(), ControlPlaneHandler.JSON_1_1,
                jsonBody(error, AwsProtocol.JSON_1_1));
    }

    public void render(HttpServerExchange exchange, Throwable failure) {
        SageboxException error = asSageboxException(failure);
        if (exchange.isResponseStarted()) {
            LOG.warn("error after the response started: {}", error.getMessage());
            exchange.endExchange();
            return;
        }
        AwsProtocol protocol = AwsProtocol.ofExchange(exchange);
        if (protocol == AwsProtocol.QUERY || protocol == AwsProtocol.REST_XML) {
            String requestId = exchange.getResponseHeaders().getFirst(REQUEST_ID);
            exchange.setStatusCode(error.code().httpStatus());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, QueryErrorBody.CONTENT_TYPE);
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(
                    QueryErrorBody.render(error, requestId == null ? "" : requestId)));
            return;
        }
        byte[] bytes = jsonBody(error, protocol);
        exchange.setStatusCode(error.code().httpStatus());
        exchange.getResponseHeaders().put(ERROR_TYPE, error.code().wireName());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, switch (protocol) {
            case JSON_1_0 -> "application/x-amz-json-1.0";
            case RPC_V2_CBOR -> "application/cbor";
            case REST_JSON -> "application/json";
            default -> ControlPlaneHandler.JSON_1_1;
        });
        if (AwsProtocol.queryCompatible(exchange)) {
            // CloudWatch is "awsQueryCompatible": botocore and the SDKs take the code from this header.
            exchange.getResponseHeaders().put(QUERY_ERROR, QueryErrorBody.code(error.code()) + ";"
                    + (error.code().httpStatus() >= 500 ? "Receiver" : "Sender"));
        }
        if (protocol == AwsProtocol.RPC_V2_CBOR) {
            exchange.getResponseHeaders().put(SMITHY_PROTOCOL, "rpc-v2-cbor");
        }
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
    }

    /** {@code __type}, {@code message}, {@code Message} and the error's own members, in JSON or CBOR. */
    private byte[] jsonBody(SageboxException error, AwsProtocol protocol) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", error.code().wireName());
        body.put("message", error.getMessage());
        body.put("Message", error.getMessage());
        body.putAll(error.extraMembers());
        try {
            return (protocol == AwsProtocol.RPC_V2_CBOR ? cbor : mapper).writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return "{\"__type\":\"InternalFailure\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static SageboxException asSageboxException(Throwable failure) {
        if (failure instanceof SageboxException e) {
            return e;
        }
        LOG.error("unexpected failure", failure);
        return new SageboxException(ErrorCode.INTERNAL_FAILURE,
                "We encountered an internal error. Please try again. (" + failure.getClass().getSimpleName() + ": "
                        + failure.getMessage() + ")");
    }
}
