package dev.sagebox.hosting;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.ResourceType;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs and DeleteEndpointConfig. */
public final class EndpointConfigService {
    private final EndpointConfigRepository configs;
    private final ModelRepository models;
    private final AwsScope scope;
    private final Clock clock;

    public EndpointConfigService(EndpointConfigRepository configs, ModelRepository models, AwsScope scope, Clock clock) {
        this.configs = configs;
        this.models = models;
        this.scope = scope;
        this.clock = clock;
    }

    public EndpointConfig create(String name, List<ProductionVariant> variants, Optional<String> kmsKeyId) {
        Set<String> seen = new HashSet<>();
        for (ProductionVariant variant : variants) {
            if (!seen.add(variant.variantName().toLowerCase(Locale.ROOT))) {
                throw validation("Variant name \"%s\" appears more than once in the endpoint configuration.",
                        variant.variantName());
            }
            if (models.find(variant.modelName()).isEmpty()) {
                throw validation("Could not find model \"%s\".", scope.arn(ResourceType.MODEL, variant.modelName()));
            }
        }
        EndpointConfig config = new EndpointConfig(name, scope.arn(ResourceType.ENDPOINT_CONFIG, name), variants,
                kmsKeyId, clock.instant());
        if (!configs.insertIfAbsent(config)) {
            throw validation("Cannot create already existing endpoint configuration \"%s\".", config.arn());
        }
        return config;
    }

    public EndpointConfig describe(String name) {
        return configs.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<EndpointConfig> list(ListQuery query) {
        return configs.list(query);
    }

    public void delete(String name) {
        if (!configs.delete(name)) {
            throw notFound(name);
        }
    }

    private RuntimeException notFound(String name) {
        return validation("Could not find endpoint configuration \"%s\".", scope.arn(ResourceType.ENDPOINT_CONFIG, name));
    }
}
