package dev.sagebox.api.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.api.http.AwsProtocol;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.ServiceOperations;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CloudWatch metrics on the API port (signed for {@code monitoring}): GetMetricStatistics, GetMetricData and
 * ListMetrics in each of the protocols clients send, as three registry entries over the same queries.
 */
public final class CloudWatchOperations implements ServiceOperations {
    /** CloudWatch's API version, the {@code Version} of its query-protocol requests. */
    public static final String VERSION = "2010-08-01";
    /** The JSON 1.0 target prefix and the RPC v2 CBOR service name. */
    public static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");
    private static final HttpString SMITHY_PROTOCOL = new HttpString("smithy-protocol");

    private final CloudWatchWire wire;
    private final Map<String, Function<JsonNode, ObjectNode>> operations;

    private CloudWatchOperations(CloudWatchWire wire, MetricQueries queries) {
        this.wire = wire;
        this.operations = Map.of("GetMetricStatistics", queries::getMetricStatistics,
                "GetMetricData", queries::getMetricData,
                "ListMetrics", queries::listMetrics);
    }

    /** The service in every protocol, for the registry. */
    public static List<AwsService> services(MetricQueries queries) {
        return List.of(
                new AwsService("CloudWatch", "monitoring", AwsProtocol.QUERY, VERSION,
                        new CloudWatchOperations(CloudWatchWire.QUERY, queries)),
                new AwsService("CloudWatch", "monitoring", AwsProtocol.JSON_1_0, TARGET_PREFIX,
                        new CloudWatchOperations(CloudWatchWire.JSON_1_0, queries), true),
                new AwsService("CloudWatch", "monitoring", AwsProtocol.RPC_V2_CBOR, TARGET_PREFIX,
                        new CloudWatchOperations(CloudWatchWire.RPC_V2_CBOR, queries), true));
    }

    @Override
    public boolean has(String operation) {
        return operations.containsKey(operation);
    }

    @Override
    public void invoke(String operation, byte[] body, HttpServerExchange exchange) {
        ObjectNode result = operations.get(operation).apply(wire.read(body));
        String requestId = exchange.getResponseHeaders().getFirst(REQUEST_ID);
        byte[] bytes = wire.write(operation, result, requestId == null ? "" : requestId);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, wire.contentType());
        if (wire == CloudWatchWire.RPC_V2_CBOR) {
            exchange.getResponseHeaders().put(SMITHY_PROTOCOL, "rpc-v2-cbor");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
