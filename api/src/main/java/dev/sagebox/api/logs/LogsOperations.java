package dev.sagebox.api.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.http.JsonBody;
import dev.sagebox.api.http.AwsProtocol;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.ServiceOperations;
import dev.sagebox.api.protocol.RequestValidator;
import dev.sagebox.api.protocol.ServiceModel;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.logs.LogStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;

/**
 * CloudWatch Logs in AWS JSON 1.1 ({@code X-Amz-Target: Logs_20140328.<Op>}, signed for {@code logs}) over the
 * {@link LogStore}: DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents. Requests are validated
 * against today's botocore model; its violations are InvalidParameterException, as CloudWatch Logs answers them.
 */
public final class LogsOperations implements ServiceOperations {
    /** The model subset on the classpath, next to this class. */
    static final String MODEL = "logs-2014-03-28.json";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ObjectMapper mapper = LogsJson.mapper();
    private final RequestValidator validator;
    private final Map<String, Operation<?>> operations;

    public LogsOperations(LogStore store, AwsScope scope) {
        LogGroupNames names = new LogGroupNames(scope);
        DescribeLogGroups groups = new DescribeLogGroups(store, names);
        DescribeLogStreams streams = new DescribeLogStreams(store, names);
        GetLogEvents events = new GetLogEvents(store, names);
        FilterLogEvents filter = new FilterLogEvents(store, names);
        this.operations = Map.of(
                "DescribeLogGroups", new Operation<>(LogsWire.DescribeLogGroupsRequest.class, groups::describe),
                "DescribeLogStreams", new Operation<>(LogsWire.DescribeLogStreamsRequest.class, streams::describe),
                "GetLogEvents", new Operation<>(LogsWire.GetLogEventsRequest.class, events::get),
                "FilterLogEvents", new Operation<>(LogsWire.FilterLogEventsRequest.class, filter::filter));
        this.validator = new RequestValidator(loadModel());
    }

    /** CloudWatch Logs as the registry's entry. */
    public AwsService service() {
        return new AwsService("CloudWatch Logs", "logs", AwsProtocol.JSON_1_1, "Logs_20140328", this);
    }

    @Override
    public boolean has(String operation) {
        return operations.containsKey(operation);
    }

    @Override
    public void invoke(String operation, byte[] body, HttpServerExchange exchange) throws IOException {
        JsonNode input = JsonBody.parse(mapper, body);
        try {
            validator.validate(operation, input);
        } catch (SageboxException e) {
            throw e.code() == ErrorCode.VALIDATION_EXCEPTION
                    ? new SageboxException(ErrorCode.INVALID_PARAMETER, e.getMessage()) : e;
        }
        Object response = operations.get(operation).run(mapper, input);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(mapper.writeValueAsBytes(response)));
    }

    private static ServiceModel loadModel() {
        try (InputStream in = LogsOperations.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("service model " + MODEL + " is not on the classpath");
            }
            return ServiceModel.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operation: its request record and what answers it. */
    private record Operation<I>(Class<I> inputType, Function<I, Object> handler) {
        Object run(ObjectMapper mapper, JsonNode input) {
            I request;
            try {
                request = mapper.treeToValue(input, inputType);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "Could not read the request: "
                        + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
            }
            return handler.apply(request);
        }
    }
}
