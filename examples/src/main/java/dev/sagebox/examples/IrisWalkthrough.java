package dev.sagebox.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The whole flow with the AWS SDK for Java v2: upload Iris to S3, train the scikit-learn example image, create a
 * model, an endpoint configuration and an endpoint, ask it for predictions, and clean up.
 *
 * <p>Run: {@code java -cp examples/target/... dev.sagebox.examples.IrisWalkthrough [data/iris.csv] [input-mode]}
 */
public final class IrisWalkthrough {
    static final String IMAGE = "sagebox/sklearn-iris:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    private IrisWalkthrough() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/iris.csv");
        String inputMode = args.length > 1 ? args[1] : "File";
        String name = "iris-java-" + inputMode.toLowerCase(java.util.Locale.ROOT) + "-"
                + Instant.now().getEpochSecond();
        try (SageboxClients clients = SageboxClients.fromEnvironment()) {
            System.out.println(run(clients, data, inputMode, name));
        }
    }

    /** Runs the flow and returns the predictions for three flowers. */
    static String run(SageboxClients clients, Path data, String inputMode, String name) throws Exception {
        SageMakerClient sm = clients.sageMaker();

        // 1. Training data in S3.
        String bucket = "sagebox-examples";
        if (clients.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            clients.s3().createBucket(b -> b.bucket(bucket));
        }
        clients.s3().putObject(p -> p.bucket(bucket).key(name + "/training/iris.csv"),
                RequestBody.fromBytes(Files.readAllBytes(data)));

        // 2. Train.
        sm.createTrainingJob(r -> r.trainingJobName(name)
                .roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(inputMode))
                .hyperParameters(java.util.Map.of("max_leaf_nodes", "5"))
                .inputDataConfig(Channel.builder().channelName("training").contentType("text/csv")
                        .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                                .s3Uri("s3://" + bucket + "/" + name + "/training/")))
                        .build())
                .outputDataConfig(o -> o.s3OutputPath("s3://" + bucket + "/" + name + "/output"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)));
        DescribeTrainingJobResponse job = waitFor(() -> sm.describeTrainingJob(r -> r.trainingJobName(name)),
                j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS
                        && j.trainingJobStatus() != TrainingJobStatus.STOPPING);
        if (job.trainingJobStatus() != TrainingJobStatus.COMPLETED) {
            throw new IllegalStateException("training ended " + job.trainingJobStatus() + ": " + job.failureReason());
        }

        // 3. Model, endpoint configuration, endpoint.
        sm.createModel(r -> r.modelName(name).executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)
                .modelDataUrl(job.modelArtifacts().s3ModelArtifacts())));
        sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(ProductionVariant.builder()
                .variantName("AllTraffic").modelName(name).initialInstanceCount(1).instanceType("ml.m5.large").build()));
        sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(name));
        try {
            DescribeEndpointResponse endpoint = waitFor(() -> sm.describeEndpoint(r -> r.endpointName(name)),
                    e -> e.endpointStatus() != EndpointStatus.CREATING);
            if (endpoint.endpointStatus() != EndpointStatus.IN_SERVICE) {
                throw new IllegalStateException("endpoint " + endpoint.endpointStatus() + ": " + endpoint.failureReason());
            }

            // 4. Predictions for three flowers (sepal length, sepal width, petal length, petal width).
            return clients.runtime().invokeEndpoint(r -> r.endpointName(name).contentType("text/csv")
                    .body(SdkBytes.fromUtf8String("5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3\n")))
                    .body().asUtf8String();
        } finally {
            // 5. Clean up. DeleteEndpoint returns at once; the endpoint is gone once Describe no longer finds it.
            sm.deleteEndpoint(r -> r.endpointName(name));
            awaitDeleted(sm, name);
            sm.deleteEndpointConfig(r -> r.endpointConfigName(name));
            sm.deleteModel(r -> r.modelName(name));
        }
    }

    /** Waits until DescribeEndpoint answers that the endpoint does not exist (as SageMaker's EndpointDeleted waiter). */
    static void awaitDeleted(SageMakerClient sm, String name) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                sm.describeEndpoint(r -> r.endpointName(name));
            } catch (software.amazon.awssdk.services.sagemaker.model.SageMakerException gone) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("endpoint " + name + " was not deleted in time");
    }

    /** Polls {@code describe} until {@code done}, for up to five minutes. */
    static <T> T waitFor(java.util.function.Supplier<T> describe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        T last = describe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting: " + last);
            }
            Thread.sleep(500);
            last = describe.get();
        }
        return last;
    }
}
