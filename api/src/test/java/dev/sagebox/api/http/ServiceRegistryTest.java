package dev.sagebox.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceRegistryTest {
    private static final ServiceOperations NONE = new ServiceOperations() {
        @Override
        public boolean has(String operation) {
            return false;
        }

        @Override
        public void invoke(String operation, byte[] body, HttpServerExchange exchange) {
            throw new AssertionError("not invoked here");
        }
    };
    private static final AwsService SAGEMAKER = new AwsService("SageMaker", "sagemaker", AwsProtocol.JSON_1_1,
            "SageMaker", NONE);
    private static final AwsService LOGS = new AwsService("CloudWatch Logs", "logs", AwsProtocol.JSON_1_1,
            "Logs_20140328", NONE);
    private static final AwsService STS = new AwsService("STS", "sts", AwsProtocol.QUERY, "2011-06-15", NONE);
    private static final AwsService CW_QUERY = new AwsService("CloudWatch", "monitoring", AwsProtocol.QUERY,
            "2010-08-01", NONE);
    private static final AwsService CW_JSON = new AwsService("CloudWatch", "monitoring", AwsProtocol.JSON_1_0,
            "GraniteServiceVersion20100801", NONE);
    private static final AwsService CW_CBOR = new AwsService("CloudWatch", "monitoring", AwsProtocol.RPC_V2_CBOR,
            "GraniteServiceVersion20100801", NONE);
    private final ServiceRegistry registry = new ServiceRegistry(List.of(SAGEMAKER, LOGS, STS, CW_QUERY, CW_JSON,
            CW_CBOR), SAGEMAKER);

    @Test
    void aJsonTargetNamesServiceAndOperation() {
        assertThat(registry.resolve(exchange("Logs_20140328.GetLogEvents", null), new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(LOGS, Optional.of("GetLogEvents")));
        assertThat(registry.resolve(exchange("SageMaker.ListModels", null), new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(SAGEMAKER, Optional.of("ListModels")));
    }

    @Test
    void aFormNamesTheQueryServiceByVersion() {
        byte[] form = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.resolve(exchange(null, "application/x-www-form-urlencoded; charset=utf-8"), form))
                .isEqualTo(new ServiceRegistry.Addressed(STS, Optional.of("GetCallerIdentity")));
        // A form of a version no service has is still answered by a query service, which it does not name.
        byte[] sns = "Action=ListTopics&Version=2010-03-31".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.resolve(exchange(null, "application/x-www-form-urlencoded"), sns))
                .isEqualTo(new ServiceRegistry.Addressed(STS, Optional.of("ListTopics"), false));
    }

    @Test
    void cloudWatchIsFoundInEachOfItsProtocols() {
        assertThat(registry.resolve(exchange("GraniteServiceVersion20100801.ListMetrics", null), new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(CW_JSON, Optional.of("ListMetrics")));
        byte[] form = "Action=ListMetrics&Version=2010-08-01".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.resolve(exchange(null, "application/x-www-form-urlencoded"), form))
                .isEqualTo(new ServiceRegistry.Addressed(CW_QUERY, Optional.of("ListMetrics")));
        HttpServerExchange cbor = exchange(null, "application/cbor");
        cbor.setRequestPath("/service/GraniteServiceVersion20100801/operation/GetMetricData");
        assertThat(registry.resolve(cbor, new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(CW_CBOR, Optional.of("GetMetricData")));
        HttpServerExchange unknown = exchange(null, "application/cbor");
        unknown.setRequestPath("/service/Kinesis_20131202/operation/ListStreams");
        assertThat(registry.resolve(unknown, new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(SAGEMAKER, Optional.empty(), false));
    }

    @Test
    void anUnknownOrMissingTargetFallsBackWithoutAnOperation() {
        assertThat(registry.resolve(exchange("Kinesis_20131202.ListStreams", null), new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(SAGEMAKER, Optional.empty(), false));
        assertThat(registry.resolve(exchange(null, "application/x-amz-json-1.1"), new byte[0]))
                .isEqualTo(new ServiceRegistry.Addressed(SAGEMAKER, Optional.empty(), false));
    }

    @Test
    void theServedSigningNamesAreTheServices() {
        for (String name : List.of("sagemaker", "logs", "sts", "monitoring")) {
            assertThat(registry.serves(name)).as(name).isTrue();
        }
        for (String name : List.of("sns", "dynamodb", "lambda", "s3", "SageMaker", "")) {
            assertThat(registry.serves(name)).as(name).isFalse();
        }
    }

    @Test
    void theShapeOfARequestImpliesItsProtocol() {
        HttpServerExchange cbor = exchange(null, "application/cbor");
        cbor.setRequestPath("/service/GameLift/operation/ListFleets");
        assertThat(ServiceRegistry.shapeOf(cbor, "gamelift")).isEqualTo(AwsProtocol.RPC_V2_CBOR);
        assertThat(ServiceRegistry.shapeOf(exchange("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0"),
                "dynamodb")).isEqualTo(AwsProtocol.JSON_1_0);
        assertThat(ServiceRegistry.shapeOf(exchange("AmazonSSM.ListDocuments", "application/x-amz-json-1.1"), "ssm"))
                .isEqualTo(AwsProtocol.JSON_1_1);
        assertThat(ServiceRegistry.shapeOf(exchange(null, "application/x-www-form-urlencoded; charset=utf-8"),
                "sns")).isEqualTo(AwsProtocol.QUERY);
        HttpServerExchange rest = exchange(null, null);
        rest.setRequestPath("/2015-03-31/functions/");
        assertThat(ServiceRegistry.shapeOf(rest, "lambda")).isEqualTo(AwsProtocol.REST_JSON);
        for (String xml : List.of("s3", "s3control", "route53", "cloudfront")) {
            assertThat(ServiceRegistry.shapeOf(rest, xml)).as(xml).isEqualTo(AwsProtocol.REST_XML);
        }
    }

    @Test
    void anUnservedServiceIsNamedWithWhatIsServed() {
        assertThat(registry.unserved("sns")).satisfies(e -> {
            assertThat(e.code()).isEqualTo(dev.sagebox.core.ErrorCode.UNKNOWN_OPERATION);
            assertThat(e).hasMessage("Sagebox does not serve the service 'sns' (this request was signed for it); it"
                    + " serves sagemaker (control plane and runtime), logs, sts and monitoring.");
        });
        assertThat(new ServiceRegistry(List.of(), SAGEMAKER).unserved("s3")).hasMessage("Sagebox does not serve the"
                + " service 's3' (this request was signed for it); it serves sagemaker (control plane and runtime).");
    }

    private static HttpServerExchange exchange(String target, String contentType) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        if (target != null) {
            exchange.getRequestHeaders().put(new HttpString("X-Amz-Target"), target);
        }
        if (contentType != null) {
            exchange.getRequestHeaders().put(Headers.CONTENT_TYPE, contentType);
        }
        return exchange;
    }
}
