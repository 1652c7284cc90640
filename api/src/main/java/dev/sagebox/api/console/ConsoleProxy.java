package dev.sagebox.api.console;

import dev.sagebox.api.http.AwsService;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's window on the services Sagebox answers: {@code <service>/<Operation>} with a JSON body goes to that
 * service's own operations, so the page gets exactly the AWS wire shapes and nothing is answered twice. Only
 * read-only operations pass; the session cookie stands in for the signature.
 */
public final class ConsoleProxy {
    private static final Set<String> LOGS = Set.of("DescribeLogGroups", "DescribeLogStreams", "GetLogEvents",
            "FilterLogEvents");
    private static final Set<String> METRICS = Set.of("GetMetricData", "GetMetricStatistics", "ListMetrics");

    private final Map<String, AwsService> bySigningName;

    /**
     * @param services the services the control plane answers; each is addressed here by its signing name
     *     ({@code sagemaker}, {@code logs}, {@code monitoring}) in the JSON protocol it speaks
     */
    public ConsoleProxy(List<AwsService> services) {
        Map<String, AwsService> map = new HashMap<>();
        for (AwsService service : services) {
            // A service may be registered once per protocol (CloudWatch: query, JSON 1.0, CBOR); the page speaks JSON.
            if (service.protocol().name().startsWith("JSON")) {
                map.putIfAbsent(service.signingName(), service);
            }
        }
        this.bySigningName = Map.copyOf(map);
    }

    /**
     * Whether the console may call {@code operation}: SageMaker's List and Describe operations (read-only by AWS's
     * naming, which IAM's access levels follow) and the presigned notebook URL the Open button needs; CloudWatch
     * Logs' reads; CloudWatch's metric queries.
     */
    public static boolean allows(String service, String operation) {
        return switch (service) {
            case "sagemaker" -> operation.startsWith("List") || operation.startsWith("Describe")
                    || operation.equals("CreatePresignedNotebookInstanceUrl");
            case "logs" -> LOGS.contains(operation);
            case "monitoring" -> METRICS.contains(operation);
            default -> false;
        };
    }

    /** Runs an allowed operation and writes its answer (or throws the error its service would answer with). */
    public void invoke(String service, String operation, byte[] body, HttpServerExchange exchange) throws IOException {
        if (!allows(service, operation)) {
            throw new SageboxException(ErrorCode.CONSOLE_FORBIDDEN,
                    "The console only reads: " + service + " " + operation + " is not allowed here.");
        }
        AwsService target = bySigningName.get(service);
        if (target == null) {
            throw new SageboxException(ErrorCode.UNKNOWN_OPERATION, "This Sagebox answers no " + service + " service.");
        }
        target.attachTo(exchange);
        if (!target.operations().has(operation)) {
            throw target.protocol().unknownOperation(target, operation);
        }
        target.operations().invoke(operation, body, exchange);
    }
}
