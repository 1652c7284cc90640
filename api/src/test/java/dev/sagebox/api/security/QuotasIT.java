package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.SageboxConfig;
import dev.sagebox.core.Quotas;
import dev.sagebox.docker.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Issue 16, item 4: instance counts per variant and endpoint, all endpoints' instances, a training job's InstanceCount
 * and the jobs in progress are bounded (SAGEBOX_MAX_*) and refused with ResourceLimitExceeded before anything is stored
 * or started; DeleteEndpoint works while an endpoint is Creating or Updating. Real Docker, sagebox/test-server and
 * sagebox/test-algorithm.
 */
@Tag("docker")
class QuotasIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String SERVER_IMAGE = "sagebox/test-server:latest";

    @TempDir
    static Path home;
    static LimitsServer box;

    @BeforeAll
    static void start() {
        // Per variant 2, per endpoint 3, all endpoints 4, one instance per training job, two jobs in progress.
        SageboxConfig config = SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true))
                .withHosting(new SageboxConfig.Hosting(Duration.ofSeconds(60), Duration.ofMillis(300),
                        Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .withQuotas(new Quotas(2, 3, 4, 1, 2, 1));
        box = new LimitsServer(config);
        box.s3.createBucket(b -> b.bucket("data"));
        model("m-ok", Map.of());
        model("m-sick", Map.of("TEST_PING_STATUS", "500"));
        config("cfg-one", variant("A", "m-ok", 1));
        config("cfg-three-in-a-variant", variant("A", "m-ok", 3));
        config("cfg-two-and-two", variant("A", "m-ok", 2), variant("B", "m-ok", 2));
        config("cfg-sick", variant("A", "m-sick", 1));
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            try {
                for (var e : box.sm.listEndpoints(r -> r.maxResults(100)).endpoints()) {
                    deleteAndAwaitGone(e.endpointName());
                }
            } finally {
                // Swept even when a test failed, so no container outlives the run.
                assertThat(box.closeAndSweep()).as("containers left behind").isEmpty();
            }
        }
    }

    @Test
    void endpointInstancesOverALimitAreRefusedWithResourceLimitExceededAndNothingStartsOrIsStored() {
        assertLimit(() -> box.sm.createEndpoint(r -> r.endpointName("ep-big").endpointConfigName(
                "cfg-three-in-a-variant")), "instances per production variant (variant A)' is 2 Instances, with"
                + " current utilization of 0 Instances and a request delta of 3 Instances",
                "SAGEBOX_MAX_INSTANCES_PER_VARIANT");
        assertLimit(() -> box.sm.createEndpoint(r -> r.endpointName("ep-big").endpointConfigName("cfg-two-and-two")),
                "instances per endpoint (endpoint ep-big)' is 3 Instances", "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT");
        assertThat(box.sm.listEndpoints(r -> r.nameContains("ep-big")).endpoints()).isEmpty();
        assertThat(box.containersOf(arn("ep-big"))).isEmpty();

        box.sm.createEndpoint(r -> r.endpointName("ep-scale").endpointConfigName("cfg-one"));
        awaitStatus("ep-scale", EndpointStatus.IN_SERVICE);

        // The review's request: DesiredInstanceCount=100000 answered 200 and started containers without end.
        assertLimit(() -> box.sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-scale")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(100000))),
                "a request delta of 100000 Instances", "SAGEBOX_MAX_INSTANCES_PER_VARIANT");
        DescribeEndpointResponse after = box.sm.describeEndpoint(r -> r.endpointName("ep-scale"));
        assertThat(after.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
        assertThat(after.productionVariants().get(0).desiredInstanceCount()).isEqualTo(1);
        assertThat(box.containersOf(arn("ep-scale"))).hasSize(1);

        // Within the variant's and the endpoint's limits, but not the one on all endpoints: 4 are in use.
        box.sm.createEndpoint(r -> r.endpointName("ep-other").endpointConfigName("cfg-one"));
        awaitStatus("ep-other", EndpointStatus.IN_SERVICE);
        box.sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-other")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(2)));
        awaitStatus("ep-other", EndpointStatus.IN_SERVICE);
        box.sm.createEndpoint(r -> r.endpointName("ep-third").endpointConfigName("cfg-one"));
        awaitStatus("ep-third", EndpointStatus.IN_SERVICE);
        assertLimit(() -> box.sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-scale")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(2))),
                "'total instances for endpoint usage' is 4 Instances, with current utilization of 3 Instances and a"
                        + " request delta of 2 Instances", "SAGEBOX_MAX_ENDPOINT_INSTANCES");
        assertLimit(() -> box.sm.createEndpoint(r -> r.endpointName("ep-fourth").endpointConfigName("cfg-one")),
                "current utilization of 4 Instances and a request delta of 1 Instances",
                "SAGEBOX_MAX_ENDPOINT_INSTANCES");
        assertThat(box.containersOf(arn("ep-scale"))).hasSize(1);
        assertThat(box.containersOf(arn("ep-fourth"))).isEmpty();
        assertLimit(() -> box.sm.updateEndpoint(r -> r.endpointName("ep-other").endpointConfigName(
                "cfg-two-and-two")), "instances per endpoint", "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT");
        assertThat(box.sm.describeEndpoint(r -> r.endpointName("ep-other")).endpointConfigName()).isEqualTo("cfg-one");
        deleteAndAwaitGone("ep-other");
        deleteAndAwaitGone("ep-third");
        deleteAndAwaitGone("ep-scale");
    }

    @Test
    void deleteEndpointWorksWhileCreatingOrUpdatingAndUpdatesWhileUpdatingAreRefusedAsSageMakerDoes() {
        // Creating: its only instance never answers /ping, so without DeleteEndpoint it would stay so for a minute.
        box.sm.createEndpoint(r -> r.endpointName("ep-stuck").endpointConfigName("cfg-sick"));
        Poll.until(WAIT, "ep-stuck's container", () -> !box.containersOf(arn("ep-stuck")).isEmpty());
        assertThat(box.sm.describeEndpoint(r -> r.endpointName("ep-stuck")).endpointStatus())
                .isEqualTo(EndpointStatus.CREATING);
        box.sm.deleteEndpoint(r -> r.endpointName("ep-stuck"));
        awaitGone("ep-stuck");
        Poll.until(WAIT, "ep-stuck's containers removed", () -> box.containersOf(arn("ep-stuck")).isEmpty());

        // Updating: the new fleet never becomes healthy, so the endpoint stays Updating.
        box.sm.createEndpoint(r -> r.endpointName("ep-updating").endpointConfigName("cfg-one"));
        awaitStatus("ep-updating", EndpointStatus.IN_SERVICE);
        box.sm.updateEndpoint(r -> r.endpointName("ep-updating").endpointConfigName("cfg-sick"));
        assertThat(box.sm.describeEndpoint(r -> r.endpointName("ep-updating")).endpointStatus())
                .isEqualTo(EndpointStatus.UPDATING);
        // SageMaker refuses a second change while one is in progress (ValidationException); only DeleteEndpoint passes.
        assertThatThrownBy(() -> box.sm.updateEndpointWeightsAndCapacities(r -> r.endpointName("ep-updating")
                .desiredWeightsAndCapacities(w -> w.variantName("A").desiredInstanceCount(1))))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Cannot update in-progress endpoint \"" + arn("ep-updating") + "\".");
                });
        assertThatThrownBy(() -> box.sm.updateEndpoint(r -> r.endpointName("ep-updating")
                .endpointConfigName("cfg-one"))).isInstanceOfSatisfying(SageMakerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        Poll.until(WAIT, "the new fleet's container", () -> box.containersOf(arn("ep-updating")).size() == 2);

        box.sm.deleteEndpoint(r -> r.endpointName("ep-updating"));
        awaitGone("ep-updating");
        Poll.until(WAIT, "both fleets removed", () -> box.containersOf(arn("ep-updating")).isEmpty());
        assertThatThrownBy(() -> box.sm.deleteEndpoint(r -> r.endpointName("ep-updating")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Could not find endpoint"));
    }

    @Test
    void trainingInstanceCountAndJobsInProgressOverTheirLimitsAreRefusedAndNotStored() {
        assertLimit(() -> box.sm.createTrainingJob(job("tj-two-hosts", 2)), "ml.m5.large for training job usage"
                + " (instances per training job)' is 1 Instances, with current utilization of 0 Instances and a request"
                + " delta of 2 Instances", "SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB");
        assertThatThrownBy(() -> box.sm.describeTrainingJob(r -> r.trainingJobName("tj-two-hosts")))
                .isInstanceOf(SageMakerException.class);

        box.sm.createTrainingJob(job("tj-1", 1));
        box.sm.createTrainingJob(job("tj-2", 1));
        assertLimit(() -> box.sm.createTrainingJob(job("tj-3", 1)), "'training jobs in progress' is 2 Jobs, with"
                + " current utilization of 2 Jobs and a request delta of 1 Jobs", "SAGEBOX_MAX_TRAINING_JOBS_IN_PROGRESS");
        assertThatThrownBy(() -> box.sm.describeTrainingJob(r -> r.trainingJobName("tj-3")))
                .isInstanceOf(SageMakerException.class);
        assertThat(box.containersOf("arn:aws:sagemaker:us-east-1:123456789012:training-job/tj-3")).isEmpty();

        box.sm.stopTrainingJob(r -> r.trainingJobName("tj-1"));
        Poll.until(WAIT, "tj-1 stopped", () -> box.sm.describeTrainingJob(r -> r.trainingJobName("tj-1"))
                .trainingJobStatus() == TrainingJobStatus.STOPPED);
        box.sm.createTrainingJob(job("tj-3", 1));
        for (String name : new String[] {"tj-2", "tj-3"}) {
            box.sm.stopTrainingJob(r -> r.trainingJobName(name));
            Poll.until(WAIT, name + " stopped", () -> box.sm.describeTrainingJob(r -> r.trainingJobName(name))
                    .trainingJobStatus() == TrainingJobStatus.STOPPED);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest job(String name, int instances) {
        return software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest.builder()
                .trainingJobName(name).roleArn(LimitsServer.ROLE)
                .hyperParameters(Map.of("behaviour", "wait-for-stop"))
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest")
                        .trainingInputMode(TrainingInputMode.FILE))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output/"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(instances).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)).build();
    }

    static void assertLimit(Runnable call, String text, String variable) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceLimitExceeded");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("The account-level service limit '")
                    .contains(text).contains(variable);
        });
    }

    static void model(String name, Map<String, String> env) {
        box.sm.createModel(r -> r.modelName(name).executionRoleArn(LimitsServer.ROLE)
                .primaryContainer(c -> c.image(SERVER_IMAGE).environment(env)));
    }

    static ProductionVariant variant(String name, String model, int count) {
        return ProductionVariant.builder().variantName(name).modelName(model).initialInstanceCount(count)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(1f).build();
    }

    static void config(String name, ProductionVariant... variants) {
        box.sm.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(variants));
    }

    static String arn(String endpoint) {
        return "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + endpoint;
    }

    static DescribeEndpointResponse awaitStatus(String name, EndpointStatus status) {
        return Poll.value(WAIT, name + " " + status, () -> {
            DescribeEndpointResponse d = box.sm.describeEndpoint(r -> r.endpointName(name));
            if (d.endpointStatus() == EndpointStatus.FAILED && status != EndpointStatus.FAILED) {
                throw new AssertionError(name + " failed: " + d.failureReason());
            }
            return d.endpointStatus() == status ? Optional.of(d) : Optional.empty();
        });
    }

    static void deleteAndAwaitGone(String name) {
        try {
            box.sm.deleteEndpoint(r -> r.endpointName(name));
        } catch (SageMakerException e) {
            // Already Deleting or gone.
        }
        awaitGone(name);
    }

    static void awaitGone(String name) {
        Poll.until(WAIT, name + " gone", () -> {
            try {
                box.sm.describeEndpoint(r -> r.endpointName(name));
                return false;
            } catch (SageMakerException e) {
                return true;
            }
        });
    }
}
