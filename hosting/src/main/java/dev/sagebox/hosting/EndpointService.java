package dev.sagebox.hosting;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.EndpointStatus;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.Quotas;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.SageboxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint, UpdateEndpointWeightsAndCapacities and
 * DeleteEndpoint: the state rules and texts of the contract (section 2, 3.2). Each call changes the record at once and
 * leaves the containers to {@link EndpointFleets} in the background.
 */
public final class EndpointService {
    private static final Set<EndpointStatus> IN_PROGRESS = EnumSet.of(EndpointStatus.CREATING,
            EndpointStatus.UPDATING, EndpointStatus.SYSTEM_UPDATING, EndpointStatus.ROLLING_BACK,
            EndpointStatus.DELETING);

    private final EndpointRepository endpoints;
    private final EndpointConfigRepository configs;
    private final ModelRepository models;
    private final EndpointFleets fleets;
    private final AwsScope scope;
    private final Clock clock;
    private final EndpointQuota quota;
    /** Quota checks and the change they allow happen together, so concurrent requests cannot both pass. */
    private final Object quotaLock = new Object();

    public EndpointService(EndpointRepository endpoints, EndpointConfigRepository configs, ModelRepository models,
            EndpointFleets fleets, Quotas quotas, AwsScope scope, Clock clock) {
        this.quota = new EndpointQuota(quotas, endpoints);
        this.endpoints = endpoints;
        this.configs = configs;
        this.models = models;
        this.fleets = fleets;
        this.scope = scope;
        this.clock = clock;
    }

    public Arn arnOf(String name) {
        return scope.arn(ResourceType.ENDPOINT, name);
    }

    /** Records the endpoint as Creating and starts its instances in the background. */
    public Endpoint create(String name, String endpointConfigName) {
        Deployment deployment = resolve(endpointConfigName, 1);
        Endpoint endpoint = Endpoint.creating(name, arnOf(name), deployment, clock.instant());
        synchronized (quotaLock) {
            if (endpoints.find(name).isEmpty()) {
                quota.requireDeployable(deployment, name);
            }
            if (!endpoints.insertIfAbsent(endpoint)) {
                throw validation("Cannot create already existing endpoint \"%s\".", endpoint.arn());
            }
        }
        fleets.deploy(endpoint);
        return endpoint;
    }

    public Endpoint describe(String name) {
        return endpoints.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<Endpoint> list(ListQuery query) {
        return endpoints.list(query);
    }

    /** Blue/green to another configuration: Updating now, InService once the new fleet serves (or failed to). */
    public Endpoint update(String name, String endpointConfigName) {
        Endpoint before = describe(name);
        Deployment resolved = resolve(endpointConfigName, before.deployment().generation() + 1);
        Endpoint updating;
        synchronized (quotaLock) {
            requireUpdatable(describe(name));
            quota.requireDeployable(resolved, name);
            updating = change(name, e -> {
                requireUpdatable(e);
                Deployment next = new Deployment(e.deployment().generation() + 1, resolved.endpointConfigName(),
                        resolved.variants());
                return e.withPending(Optional.of(next), clock.instant())
                        .moved(EndpointStatus.UPDATING, Optional.empty(), clock.instant());
            });
        }
        fleets.update(updating);
        return updating;
    }

    /** New weights and instance counts for some variants: Updating now, InService once they are applied. */
    public Endpoint updateWeightsAndCapacities(String name, List<DesiredWeightAndCapacity> desired) {
        if (desired.isEmpty()) {
            throw validation("DesiredWeightsAndCapacities must name at least one production variant.");
        }
        Set<String> seen = new HashSet<>();
        for (DesiredWeightAndCapacity d : desired) {
            if (!seen.add(d.variantName())) {
                throw validation("The variant name %s appears more than once in DesiredWeightsAndCapacities.",
                        d.variantName());
            }
            if (d.desiredWeight().isEmpty() && d.desiredInstanceCount().isEmpty()) {
                throw validation("Either DesiredWeight or DesiredInstanceCount must be specified for variant %s.",
                        d.variantName());
            }
            if (d.desiredInstanceCount().isPresent() && d.desiredInstanceCount().get() < 1) {
                throw validation("DesiredInstanceCount of variant %s must be at least 1.", d.variantName());
            }
        }
        Endpoint updating;
        synchronized (quotaLock) {
            Endpoint before = describe(name);
            Endpoint wanted = scaled(before, desired);
            Map<String, Integer> counts = new LinkedHashMap<>();
            wanted.variants().forEach(v -> counts.put(v.variantName(), v.desiredInstanceCount()));
            quota.requireScalable(counts, before);
            updating = change(name, e -> scaled(e, desired));
        }
        fleets.scale(updating);
        return updating;
    }

    /** The endpoint with the desired weights and counts applied, Updating; refused if it cannot change now. */
    private Endpoint scaled(Endpoint e, List<DesiredWeightAndCapacity> desired) {
        requireUpdatable(e);
        List<String> unknown = new ArrayList<>();
        for (DesiredWeightAndCapacity d : desired) {
            if (e.variant(d.variantName()).isEmpty()) {
                unknown.add(d.variantName());
            }
        }
        if (!unknown.isEmpty()) {
            throw validation("The variant(s) %s are not present in endpoint \"%s\".", unknown, e.arn());
        }
        Endpoint next = e;
        for (DesiredWeightAndCapacity d : desired) {
            next = next.withVariant(d.variantName(), v -> v.withDesired(d.desiredWeight().orElse(v.desiredWeight()),
                    d.desiredInstanceCount().orElse(v.desiredInstanceCount())), clock.instant());
        }
        return next.moved(EndpointStatus.UPDATING, Optional.empty(), clock.instant());
    }

    /**
     * Deleting now, in any status but Deleting: a rollout or scaling still running is stopped, its containers go with
     * the others, then the record. (SageMaker lets DeleteEndpoint through while an endpoint is Creating or Updating;
     * UpdateEndpoint and UpdateEndpointWeightsAndCapacities it refuses then, and so does Sagebox.)
     */
    public Endpoint delete(String name) {
        Endpoint deleting = change(name, e -> {
            if (e.status() == EndpointStatus.DELETING) {
                throw inProgress(e);
            }
            return e.withPending(Optional.empty(), clock.instant())
                    .moved(EndpointStatus.DELETING, e.failureReason(), clock.instant());
        });
        fleets.delete(deleting);
        return deleting;
    }

    private Endpoint change(String name, java.util.function.UnaryOperator<Endpoint> change) {
        return endpoints.update(name, change).orElseThrow(() -> notFound(name));
    }

    private static void requireUpdatable(Endpoint e) {
        if (IN_PROGRESS.contains(e.status())) {
            throw inProgress(e);
        }
        if (e.status() != EndpointStatus.IN_SERVICE) {
            throw validation("Cannot update endpoint \"%s\" in status %s: only DeleteEndpoint is allowed.", e.arn(),
                    e.status().wireName());
        }
    }

    private static SageboxException inProgress(Endpoint e) {
        return validation("Cannot update in-progress endpoint \"%s\".", e.arn());
    }

    /** The configuration and its models as they are now; generation numbers the fleet that will run it. */
    private Deployment resolve(String endpointConfigName, int generation) {
        EndpointConfig config = configs.find(endpointConfigName).orElseThrow(() -> validation(
                "Could not find endpoint configuration \"%s\".",
                scope.arn(ResourceType.ENDPOINT_CONFIG, endpointConfigName)));
        List<VariantDeployment> variants = new ArrayList<>();
        for (ProductionVariant v : config.productionVariants()) {
            Model model = models.find(v.modelName()).orElseThrow(() -> validation("Could not find model \"%s\".",
                    scope.arn(ResourceType.MODEL, v.modelName())));
            variants.add(new VariantDeployment(v.variantName(), model, v.instanceType(), v.initialInstanceCount(),
                    v.initialVariantWeight()));
        }
        return new Deployment(generation, config.name(), variants);
    }

    private SageboxException notFound(String name) {
        return validation("Could not find endpoint \"%s\".", arnOf(name));
    }
}
