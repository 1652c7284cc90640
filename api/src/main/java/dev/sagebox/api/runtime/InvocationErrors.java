package dev.sagebox.api.runtime;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.hosting.Route;
import java.util.Map;

/**
 * What an invocation that did not get an answer from its containers fails with, in SageMaker's words, wherever the
 * invocation ran (Undertow's exchange or the invocation lane). {@code hop} is the container's position in the route.
 */
final class InvocationErrors {
    /** The most an invocation returns, as the most it takes: 6 MiB, InvokeEndpoint's payload limit. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    private static final String TIMED_OUT = "Your invocation timed out while waiting for a response from container"
            + " %s. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try"
            + " again.";

    private final AwsScope scope;

    InvocationErrors(AwsScope scope) {
        this.scope = scope;
    }

    SageboxException unreachable(Route route, int hop, String why) {
        return new SageboxException(ErrorCode.SERVICE_UNAVAILABLE, "Could not connect to container " + origin(hop)
                + " of endpoint " + route.endpointName() + " (" + why + "). Please try again.");
    }

    SageboxException connectionFailed(Route route, int hop, String why) {
        return new SageboxException(ErrorCode.SERVICE_UNAVAILABLE, "The connection to container " + origin(hop)
                + " of endpoint " + route.endpointName() + " failed (" + why + "). Please try again.");
    }

    SageboxException timedOut(Route route, int hop) {
        return modelError(route, hop, 0, "server", String.format(TIMED_OUT, origin(hop)));
    }

    SageboxException tooLarge(Route route, int hop, int status) {
        return modelError(route, hop, status, "server", "The response is larger than the maximum of "
                + MAX_RESPONSE_BYTES + " bytes that an invocation returns.");
    }

    /** A container's own error answer ({@code status} outside 2xx) and its text. */
    SageboxException answered(Route route, int hop, int status, String text) {
        return modelError(route, hop, status, status >= 500 ? "server" : "client", text);
    }

    private SageboxException modelError(Route route, int hop, int status, String kind, String text) {
        String name = route.endpointName();
        String group = LogGroups.endpoint(name);
        // AWS points at its console; here the instance's output is in Sagebox's own CloudWatch Logs.
        String message = "Received " + kind + " error (" + status + ") from " + origin(hop) + " with message \"" + text
                + "\". See the log stream " + LogGroups.endpointStream(route.variantName(), route.instanceId())
                + " of log group " + group + " in account " + scope.accountId()
                + " for more information (./sagebox logs " + name + " prints it).";
        String logStream = "arn:aws:logs:" + scope.region() + ":" + scope.accountId() + ":log-group:" + group;
        return new SageboxException(ErrorCode.MODEL_ERROR, message,
                Map.of("OriginalStatusCode", status, "OriginalMessage", text, "LogStreamArn", logStream), null);
    }

    /** How SageMaker names the container in its messages: the primary, then the following ones by position. */
    static String origin(int hop) {
        return hop == 0 ? "primary" : "container-" + (hop + 1);
    }
}
