package dev.sagebox.api.ops;

import dev.sagebox.api.wire.EndpointWire;
import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.hosting.DesiredWeightAndCapacity;
import dev.sagebox.hosting.Endpoint;
import dev.sagebox.hosting.EndpointService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The six endpoint operations on the wire. */
public final class EndpointOperations {
    private final EndpointService endpoints;
    private final TagService tags;

    public EndpointOperations(EndpointService endpoints, TagService tags) {
        this.endpoints = endpoints;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateEndpoint", EndpointWire.CreateRequest.class, this::create);
        registry.add("DescribeEndpoint", EndpointWire.NameRequest.class,
                r -> describe(endpoints.describe(r.endpointName())));
        registry.add("ListEndpoints", ListRequest.class, this::list);
        registry.add("UpdateEndpoint", EndpointWire.UpdateRequest.class, r -> new EndpointWire.ArnResponse(
                endpoints.update(r.endpointName(), r.endpointConfigName()).arn().toString()));
        registry.add("UpdateEndpointWeightsAndCapacities", EndpointWire.UpdateWeightsRequest.class, this::updateWeights);
        registry.add("DeleteEndpoint", EndpointWire.NameRequest.class, r -> {
            Endpoint deleting = endpoints.delete(r.endpointName());
            tags.forget(deleting.arn());
            return Map.of();
        });
    }

    private EndpointWire.ArnResponse create(EndpointWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        Endpoint endpoint = endpoints.create(r.endpointName(), r.endpointConfigName());
        tags.tagNew(endpoint.arn(), initialTags);
        return new EndpointWire.ArnResponse(endpoint.arn().toString());
    }

    private EndpointWire.ArnResponse updateWeights(EndpointWire.UpdateWeightsRequest r) {
        List<DesiredWeightAndCapacity> desired = r.desiredWeightsAndCapacities() == null ? List.of()
                : r.desiredWeightsAndCapacities().stream()
                        .map(d -> new DesiredWeightAndCapacity(d.variantName(), Optional.ofNullable(d.desiredWeight()),
                                Optional.ofNullable(d.desiredInstanceCount())))
                        .toList();
        return new EndpointWire.ArnResponse(
                endpoints.updateWeightsAndCapacities(r.endpointName(), desired).arn().toString());
    }

    private Object list(ListRequest r) {
        Page<Endpoint> page = endpoints.list(ListQueries.NEWEST_FIRST.toQuery(r));
        return new EndpointWire.ListResponse(
                page.items().stream()
                        .map(e -> new EndpointWire.Summary(e.name(), e.arn().toString(), e.creationTime(),
                                e.lastModifiedTime(), e.status().wireName()))
                        .toList(),
                page.nextToken().orElse(null));
    }

    static EndpointWire.DescribeResponse describe(Endpoint e) {
        return new EndpointWire.DescribeResponse(e.name(), e.arn().toString(), e.endpointConfigName(),
                e.variants().stream()
                        .map(v -> new EndpointWire.VariantSummary(v.variantName(), v.currentWeight(), v.desiredWeight(),
                                v.currentInstanceCount(), v.desiredInstanceCount()))
                        .toList(),
                e.status().wireName(), e.failureReason().orElse(null), e.creationTime(), e.lastModifiedTime());
    }
}
