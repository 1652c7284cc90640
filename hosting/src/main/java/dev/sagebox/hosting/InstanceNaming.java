package dev.sagebox.hosting;

import dev.sagebox.core.logs.LogGroups;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the serving instances of one kind of owner are named: the part of their container names that says what they
 * serve ({@code ep} for endpoints, {@code tj} for transform jobs, so that an endpoint and a transform job of the same
 * name never collide), and the CloudWatch Logs group and stream their output goes to.
 *
 * @param logGroup the log group of an owner, by its name
 * @param logStream the stream of an instance, by owner name and instance (variant and id)
 */
public record InstanceNaming(String containerTag, Function<String, String> logGroup,
        BiFunction<String, ServingInstance, String> logStream) {
    /** Endpoints: {@code /aws/sagemaker/Endpoints/<endpoint>}, stream {@code <variant>/<instance id>}. */
    public static final InstanceNaming ENDPOINTS = new InstanceNaming("ep", LogGroups::endpoint,
            (owner, instance) -> LogGroups.endpointStream(instance.variantName(), instance.id()));
    /** Transform jobs: {@code /aws/sagemaker/TransformJobs}, stream {@code <job>/<instance id>}. */
    public static final InstanceNaming TRANSFORM_JOBS = new InstanceNaming("tj", owner -> LogGroups.TRANSFORM_JOBS,
            (owner, instance) -> LogGroups.transformStream(owner, instance.id()));

    public InstanceNaming {
        Objects.requireNonNull(containerTag, "containerTag");
        Objects.requireNonNull(logGroup, "logGroup");
        Objects.requireNonNull(logStream, "logStream");
    }
}
