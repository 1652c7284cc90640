package dev.sagebox.hosting;

import dev.sagebox.core.Arn;
import dev.sagebox.core.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A SageMaker endpoint configuration: the production variants an endpoint runs. */
public record EndpointConfig(
        String name, Arn arn, List<ProductionVariant> productionVariants, Optional<String> kmsKeyId, Instant creationTime)
        implements Resource {
    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        productionVariants = List.copyOf(productionVariants);
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(creationTime, "creationTime");
    }

    @Override
    public Instant lastModifiedTime() {
        return creationTime;
    }

    @Override
    public Optional<String> statusName() {
        return Optional.empty();
    }
}
