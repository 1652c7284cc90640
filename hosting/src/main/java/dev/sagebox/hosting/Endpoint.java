package dev.sagebox.hosting;

import dev.sagebox.core.Arn;
import dev.sagebox.core.EndpointStatus;
import dev.sagebox.core.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A SageMaker endpoint: the deployment it serves, the one being rolled out (UpdateEndpoint), its variants' real weights
 * and instance counts, and its status.
 */
public record Endpoint(
        String name,
        Arn arn,
        EndpointStatus status,
        Deployment deployment,
        Optional<Deployment> pending,
        List<EndpointVariant> variants,
        Optional<String> failureReason,
        Instant creationTime,
        Instant lastModifiedTime) implements Resource {
    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(pending, "pending");
        variants = List.copyOf(variants);
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
    }

    /** A new endpoint: Creating, no instance running yet. */
    public static Endpoint creating(String name, Arn arn, Deployment deployment, Instant now) {
        return new Endpoint(name, arn, EndpointStatus.CREATING, deployment, Optional.empty(),
                initialVariants(deployment, 0), Optional.empty(), now, now);
    }

    /** The configuration name DescribeEndpoint reports: the deployed one. */
    public String endpointConfigName() {
        return deployment.endpointConfigName();
    }

    @Override
    public Optional<String> statusName() {
        return Optional.of(status.wireName());
    }

    /** Moves to {@code next} (checked against the status table); {@code reason} replaces the FailureReason. */
    public Endpoint moved(EndpointStatus next, Optional<String> reason, Instant now) {
        if (next != status && !status.canMoveTo(next)) {
            throw new IllegalStateException("endpoint " + name + " cannot move from " + status + " to " + next);
        }
        return new Endpoint(name, arn, next, deployment, pending, variants, reason, creationTime, now);
    }

    public Endpoint withVariants(List<EndpointVariant> value, Instant now) {
        return new Endpoint(name, arn, status, deployment, pending, value, failureReason, creationTime, now);
    }

    /** The variant of that name changed by {@code change}; the others as they are. */
    public Endpoint withVariant(String variantName, UnaryOperator<EndpointVariant> change, Instant now) {
        return withVariants(variants.stream()
                .map(v -> v.variantName().equals(variantName) ? change.apply(v) : v)
                .toList(), now);
    }

    public Endpoint withPending(Optional<Deployment> value, Instant now) {
        return new Endpoint(name, arn, status, deployment, value, variants, failureReason, creationTime, now);
    }

    /** The pending deployment becomes the live one, with the variants' counts as they now really are. */
    public Endpoint switchedTo(Deployment next, List<EndpointVariant> nowServing, Instant now) {
        return new Endpoint(name, arn, status, next, Optional.empty(), nowServing, failureReason, creationTime, now);
    }

    public Optional<EndpointVariant> variant(String variantName) {
        return variants.stream().filter(v -> v.variantName().equals(variantName)).findFirst();
    }

    /** Variants of a deployment at their initial weights, with {@code current} instances each. */
    public static List<EndpointVariant> initialVariants(Deployment deployment, int current) {
        return deployment.variants().stream()
                .map(v -> new EndpointVariant(v.variantName(), v.initialWeight(), v.initialWeight(),
                        Math.min(current, v.initialInstanceCount()), v.initialInstanceCount()))
                .toList();
    }
}
