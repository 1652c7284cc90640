package dev.sagebox.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * A/B testing: two versions of the Iris model (a stump and a full tree) behind one endpoint, first 50/50, then
 * shifted to 10/90 with UpdateEndpointWeightsAndCapacities while the endpoint keeps serving.
 */
public final class AbTestingExample {
    private AbTestingExample() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/iris.csv");
        try (SageboxClients clients = SageboxClients.fromEnvironment()) {
            run(clients, data, "iris-ab-" + Instant.now().getEpochSecond(), 200)
                    .forEach((phase, counts) -> System.out.println(phase + ": " + counts));
        }
    }

    /** Returns, for each phase, how many of {@code calls} invocations each variant answered. */
    static Map<String, Map<String, Integer>> run(SageboxClients clients, Path data, String name, int calls)
            throws Exception {
        SageMakerClient sm = clients.sageMaker();
        String bucket = "sagebox-examples";
        if (clients.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            clients.s3().createBucket(b -> b.bucket(bucket));
        }
        clients.s3().putObject(p -> p.bucket(bucket).key(name + "/training/iris.csv"),
                RequestBody.fromBytes(Files.readAllBytes(data)));
        train(clients, bucket, name + "-v1", name, "2");
        train(clients, bucket, name + "-v2", name, "10");
        sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(
                variant("VariantA", name + "-v1"), variant("VariantB", name + "-v2")));
        sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(name));
        Map<String, Map<String, Integer>> phases = new TreeMap<>();
        try {
            awaitInService(sm, name);
            phases.put("1 weights 1:1", count(clients, name, calls));
            sm.updateEndpointWeightsAndCapacities(r -> r.endpointName(name).desiredWeightsAndCapacities(
                    DesiredWeightAndCapacity.builder().variantName("VariantA").desiredWeight(0.1f).build(),
                    DesiredWeightAndCapacity.builder().variantName("VariantB").desiredWeight(0.9f).build()));
            awaitInService(sm, name);
            phases.put("2 weights 1:9", count(clients, name, calls));
            return phases;
        } finally {
            sm.deleteEndpoint(r -> r.endpointName(name));
            IrisWalkthrough.awaitDeleted(sm, name);
            sm.deleteEndpointConfig(r -> r.endpointConfigName(name));
            sm.deleteModel(r -> r.modelName(name + "-v1"));
            sm.deleteModel(r -> r.modelName(name + "-v2"));
        }
    }

    private static ProductionVariant variant(String variant, String model) {
        return ProductionVariant.builder().variantName(variant).modelName(model).initialInstanceCount(1)
                .instanceType("ml.m5.large").initialVariantWeight(1.0f).build();
    }

    private static void train(SageboxClients clients, String bucket, String job, String dataPrefix, String leaves)
            throws InterruptedException {
        SageMakerClient sm = clients.sageMaker();
        sm.createTrainingJob(r -> r.trainingJobName(job).roleArn(IrisWalkthrough.ROLE)
                .algorithmSpecification(a -> a.trainingImage(IrisWalkthrough.IMAGE).trainingInputMode("File"))
                .hyperParameters(Map.of("max_leaf_nodes", leaves))
                .inputDataConfig(Channel.builder().channelName("training").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://" + bucket + "/" + dataPrefix + "/training/"))).build())
                .outputDataConfig(o -> o.s3OutputPath("s3://" + bucket + "/" + dataPrefix + "/output"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        var done = IrisWalkthrough.waitFor(() -> sm.describeTrainingJob(r -> r.trainingJobName(job)),
                j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        if (done.trainingJobStatus() != TrainingJobStatus.COMPLETED) {
            throw new IllegalStateException(job + " ended " + done.trainingJobStatus() + ": " + done.failureReason());
        }
        sm.createModel(r -> r.modelName(job).executionRoleArn(IrisWalkthrough.ROLE).primaryContainer(c -> c
                .image(IrisWalkthrough.IMAGE).modelDataUrl(done.modelArtifacts().s3ModelArtifacts())));
    }

    private static void awaitInService(SageMakerClient sm, String name) throws InterruptedException {
        var endpoint = IrisWalkthrough.waitFor(() -> sm.describeEndpoint(r -> r.endpointName(name)),
                e -> e.endpointStatus() != EndpointStatus.CREATING && e.endpointStatus() != EndpointStatus.UPDATING);
        if (endpoint.endpointStatus() != EndpointStatus.IN_SERVICE) {
            throw new IllegalStateException(name + " is " + endpoint.endpointStatus() + ": " + endpoint.failureReason());
        }
    }

    private static Map<String, Integer> count(SageboxClients clients, String name, int calls) {
        Map<String, Integer> byVariant = new TreeMap<>();
        for (int i = 0; i < calls; i++) {
            String variant = clients.runtime().invokeEndpoint(r -> r.endpointName(name).contentType("text/csv")
                    .body(SdkBytes.fromUtf8String("6.4,3.2,4.5,1.5\n"))).invokedProductionVariant();
            byVariant.merge(variant, 1, Integer::sum);
        }
        return byVariant;
    }
}
