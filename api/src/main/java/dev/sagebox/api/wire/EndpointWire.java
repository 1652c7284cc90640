package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;

/** Wire records of the endpoint operations. */
public final class EndpointWire {
    private EndpointWire() {
    }

    /** CreateEndpoint input. */
    public record CreateRequest(String endpointName, String endpointConfigName, List<TagWire> tags) {
    }

    /** CreateEndpoint, UpdateEndpoint and UpdateEndpointWeightsAndCapacities output. */
    public record ArnResponse(String endpointArn) {
    }

    /** DescribeEndpoint and DeleteEndpoint input. */
    public record NameRequest(String endpointName) {
    }

    /** UpdateEndpoint input. */
    public record UpdateRequest(String endpointName, String endpointConfigName) {
    }

    /** DesiredWeightAndCapacity. */
    public record DesiredWeightAndCapacity(String variantName, Float desiredWeight, Integer desiredInstanceCount) {
    }

    /** UpdateEndpointWeightsAndCapacities input. */
    public record UpdateWeightsRequest(String endpointName, List<DesiredWeightAndCapacity> desiredWeightsAndCapacities) {
    }

    /** ProductionVariantSummary. */
    public record VariantSummary(
            String variantName, Float currentWeight, Float desiredWeight, Integer currentInstanceCount,
            Integer desiredInstanceCount) {
    }

    /** DescribeEndpoint output. */
    public record DescribeResponse(
            String endpointName, String endpointArn, String endpointConfigName, List<VariantSummary> productionVariants,
            String endpointStatus, String failureReason, Instant creationTime, Instant lastModifiedTime) {
    }

    /** EndpointSummary. */
    public record Summary(
            String endpointName, String endpointArn, Instant creationTime, Instant lastModifiedTime,
            String endpointStatus) {
    }

    /** ListEndpoints output. */
    public record ListResponse(List<Summary> endpoints, String nextToken) {
    }
}
