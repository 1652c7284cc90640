package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;

/** Wire records of the endpoint configuration operations. */
public final class EndpointConfigWire {
    private EndpointConfigWire() {
    }

    /** ProductionVariant. */
    public record Variant(
            String variantName, String modelName, Integer initialInstanceCount, String instanceType,
            Float initialVariantWeight) {
    }

    /** CreateEndpointConfig input. */
    public record CreateRequest(
            String endpointConfigName, List<Variant> productionVariants, String kmsKeyId, List<TagWire> tags) {
    }

    /** CreateEndpointConfig output. */
    public record CreateResponse(String endpointConfigArn) {
    }

    /** DescribeEndpointConfig and DeleteEndpointConfig input. */
    public record NameRequest(String endpointConfigName) {
    }

    /** DescribeEndpointConfig output. */
    public record DescribeResponse(
            String endpointConfigName, String endpointConfigArn, List<Variant> productionVariants, String kmsKeyId,
            Instant creationTime) {
    }

    /** EndpointConfigSummary. */
    public record Summary(String endpointConfigName, String endpointConfigArn, Instant creationTime) {
    }

    /** ListEndpointConfigs output. */
    public record ListResponse(List<Summary> endpointConfigs, String nextToken) {
    }
}
