package dev.sagebox.hosting;

import dev.sagebox.core.Arn;
import dev.sagebox.core.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SageMaker model: a primary container and, for inference pipelines, the containers that follow it.
 *
 * @param supplementalContainers containers after the primary, in request order (2017 SupplementalContainers, or
 *     Containers after the first)
 * @param enableNetworkIsolation EnableNetworkIsolation: the model's containers run on an internal network that only
 *     the router reaches, with no route out (records stored before it existed read as false)
 */
public record Model(
        String name,
        Arn arn,
        ContainerDefinition primaryContainer,
        List<ContainerDefinition> supplementalContainers,
        boolean givenAsContainers,
        Optional<String> executionRoleArn,
        Instant creationTime,
        boolean enableNetworkIsolation) implements Resource {
    public Model {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(primaryContainer, "primaryContainer");
        supplementalContainers = List.copyOf(supplementalContainers);
        Objects.requireNonNull(executionRoleArn, "executionRoleArn");
        Objects.requireNonNull(creationTime, "creationTime");
    }

    /** A model without network isolation. */
    public Model(String name, Arn arn, ContainerDefinition primaryContainer,
            List<ContainerDefinition> supplementalContainers, boolean givenAsContainers,
            Optional<String> executionRoleArn, Instant creationTime) {
        this(name, arn, primaryContainer, supplementalContainers, givenAsContainers, executionRoleArn, creationTime,
                false);
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
