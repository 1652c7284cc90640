package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.EndpointConfigWire;
import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.hosting.EndpointConfig;
import dev.sagebox.hosting.EndpointConfigService;
import dev.sagebox.hosting.ProductionVariant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs and DeleteEndpointConfig on the wire. */
public final class EndpointConfigOperations {
    private static final float DEFAULT_WEIGHT = 1.0f;

    private final EndpointConfigService configs;
    private final TagService tags;

    public EndpointConfigOperations(EndpointConfigService configs, TagService tags) {
        this.configs = configs;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateEndpointConfig", EndpointConfigWire.CreateRequest.class, this::create);
        registry.add("DescribeEndpointConfig", EndpointConfigWire.NameRequest.class,
                r -> describe(configs.describe(r.endpointConfigName())));
        registry.add("ListEndpointConfigs", ListRequest.class, this::list);
        registry.add("DeleteEndpointConfig", EndpointConfigWire.NameRequest.class, r -> {
            EndpointConfig gone = configs.describe(r.endpointConfigName());
            configs.delete(r.endpointConfigName());
            tags.forget(gone.arn());
            return Map.of();
        });
    }

    private EndpointConfigWire.CreateResponse create(EndpointConfigWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        List<ProductionVariant> variants = r.productionVariants().stream()
                .map(EndpointConfigOperations::domain)
                .toList();
        EndpointConfig config = configs.create(r.endpointConfigName(), variants, Optional.ofNullable(r.kmsKeyId()));
        tags.tagNew(config.arn(), initialTags);
        return new EndpointConfigWire.CreateResponse(config.arn().toString());
    }

    private Object list(ListRequest r) {
        Page<EndpointConfig> page = configs.list(ListQueries.NEWEST_FIRST.toQuery(r));
        return new EndpointConfigWire.ListResponse(
                page.items().stream()
                        .map(c -> new EndpointConfigWire.Summary(c.name(), c.arn().toString(), c.creationTime()))
                        .toList(),
                page.nextToken().orElse(null));
    }

    private static EndpointConfigWire.DescribeResponse describe(EndpointConfig c) {
        return new EndpointConfigWire.DescribeResponse(c.name(), c.arn().toString(),
                c.productionVariants().stream().map(EndpointConfigOperations::wire).toList(), c.kmsKeyId().orElse(null),
                c.creationTime());
    }

    /** The 2017 model required InstanceType and InitialInstanceCount; Sagebox needs both to start instances. */
    private static ProductionVariant domain(EndpointConfigWire.Variant v) {
        if (v.modelName() == null || v.initialInstanceCount() == null || v.instanceType() == null) {
            throw validation(
                    "Production variant %s must specify ModelName, InitialInstanceCount and InstanceType.", v.variantName());
        }
        return new ProductionVariant(v.variantName(), v.modelName(), v.initialInstanceCount(), v.instanceType(),
                v.initialVariantWeight() == null ? DEFAULT_WEIGHT : v.initialVariantWeight());
    }

    private static EndpointConfigWire.Variant wire(ProductionVariant v) {
        return new EndpointConfigWire.Variant(v.variantName(), v.modelName(), v.initialInstanceCount(), v.instanceType(),
                v.initialVariantWeight());
    }
}
