package dev.sagebox.api;

import dev.sagebox.docker.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;

/** The endpoint steps the endpoint tests share (EndpointIT on Docker, EndpointComponentTest on the fake engine). */
final class EndpointSteps {
    private EndpointSteps() {
    }

    static ProductionVariant variant(String name, String model, int count, float weight) {
        return ProductionVariant.builder().variantName(name).modelName(model).initialInstanceCount(count)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(weight).build();
    }

    static String arn(String endpoint) {
        return "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + endpoint;
    }

    /** The endpoint once it is in {@code status}; fails at once if it turns Failed while another is awaited. */
    static DescribeEndpointResponse awaitStatus(SageMakerClient sm, String name, EndpointStatus status,
            Duration wait) {
        return Poll.value(wait, name + " " + status, () -> {
            DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName(name));
            if (d.endpointStatus() == EndpointStatus.FAILED && status != EndpointStatus.FAILED) {
                throw new AssertionError(name + " failed: " + d.failureReason());
            }
            return d.endpointStatus() == status ? Optional.of(d) : Optional.empty();
        });
    }

    /** "Variant:current/desired weight:current/desired count" per variant. */
    static List<String> counts(DescribeEndpointResponse d) {
        List<String> out = new ArrayList<>();
        for (ProductionVariantSummary v : d.productionVariants()) {
            out.add(v.variantName() + ":" + v.currentWeight() + "/" + v.desiredWeight() + ":"
                    + v.currentInstanceCount() + "/" + v.desiredInstanceCount());
        }
        return out;
    }
}
