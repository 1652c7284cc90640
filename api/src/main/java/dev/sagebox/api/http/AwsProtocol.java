package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/** How an AWS service speaks on the wire; errors of a request travel in its service's protocol. */
public enum AwsProtocol {
    /** {@code X-Amz-Target: <prefix>.<Op>}, JSON bodies (SageMaker, CloudWatch Logs). */
    JSON_1_1,
    /** Form-encoded {@code Action=<Op>&Version=<api version>}, XML answers (STS, CloudWatch). */
    QUERY,
    /** {@code X-Amz-Target: <prefix>.<Op>}, JSON 1.0 bodies (CloudWatch). */
    JSON_1_0,
    /** Smithy RPC v2 CBOR: {@code POST /service/<service>/operation/<Op>}, CBOR bodies (CloudWatch). */
    RPC_V2_CBOR,
    /** REST with JSON bodies (Lambda and most newer services); Sagebox serves none, it only answers their errors. */
    REST_JSON,
    /** REST with XML bodies (S3, Route 53, CloudFront); Sagebox serves none here, it only answers their errors. */
    REST_XML;

    private static final AttachmentKey<AwsProtocol> KEY = AttachmentKey.create(AwsProtocol.class);
    private static final AttachmentKey<Boolean> QUERY_COMPATIBLE = AttachmentKey.create(Boolean.class);

    /** Records the protocol the exchange's service speaks, for the error renderer. */
    public void attachTo(HttpServerExchange exchange) {
        attachTo(exchange, false);
    }

    /**
     * As {@link #attachTo(HttpServerExchange)}; {@code queryCompatible} for a service that was once a query-protocol
     * service (CloudWatch): its errors also carry their query-protocol code.
     */
    public void attachTo(HttpServerExchange exchange, boolean queryCompatible) {
        exchange.putAttachment(KEY, this);
        exchange.putAttachment(QUERY_COMPATIBLE, queryCompatible);
    }

    /** Whether the exchange's service is {@code awsQueryCompatible}: clients then read the x-amzn-query-error code. */
    public static boolean queryCompatible(HttpServerExchange exchange) {
        return Boolean.TRUE.equals(exchange.getAttachment(QUERY_COMPATIBLE));
    }

    /** The protocol of the exchange's service; JSON 1.1 until a service was addressed. */
    public static AwsProtocol ofExchange(HttpServerExchange exchange) {
        AwsProtocol protocol = exchange.getAttachment(KEY);
        return protocol == null ? JSON_1_1 : protocol;
    }

    /** The error AWS answers a request that names no operation with, in this protocol's words. */
    public SageboxException missingOperation(String target) {
        return switch (this) {
            case JSON_1_1, JSON_1_0, RPC_V2_CBOR, REST_JSON, REST_XML -> Errors.of(ErrorCode.UNKNOWN_OPERATION,
                    "Missing or unknown X-Amz-Target header: %s", target);
            case QUERY -> Errors.of(ErrorCode.MISSING_ACTION, "Missing Action");
        };
    }

    /** The error AWS answers an operation the service does not have with, in this protocol's words. */
    public SageboxException unknownOperation(AwsService service, String operation) {
        return switch (this) {
            case JSON_1_1, JSON_1_0, RPC_V2_CBOR, REST_JSON, REST_XML -> Errors.of(ErrorCode.UNKNOWN_OPERATION,
                    "Operation %s is not supported by Sagebox.", operation);
            case QUERY -> Errors.of(ErrorCode.INVALID_ACTION, "Could not find operation %s for version %s", operation,
                    service.address());
        };
    }
}
