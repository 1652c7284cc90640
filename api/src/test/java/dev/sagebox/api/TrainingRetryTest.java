package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.FakeContainerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * RetryStrategy through the AWS SDK v2: the fake container engine fails to start a container (an internal failure,
 * as when Docker errs), and the job is run again; an algorithm's own failure is not retried. Also that Environment
 * reaches the training container.
 */
class TrainingRetryTest {
    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final FakeContainerEngine engine = new FakeContainerEngine(RequestMembersTest.IMAGE);

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/a.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("1,2\n"));
        engine.onStart(c -> c.exit("fail".equals(c.spec().env().get("BEHAVIOUR")) ? 3 : 0));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static DescribeTrainingJobResponse ended(String name) {
        return TrainingJobs.await(sm, name, Duration.ofSeconds(30),
                j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
    }

    static long startsOf(String name) {
        return engine.startedSpecs().stream().filter(s -> s.name().endsWith(name + "-algo-1")).count();
    }

    @Test
    void aContainerEngineFailureIsRetriedAndTheRetryShowsInTheTransitions() {
        engine.failNextStart(new ContainerEngineException("Error response from daemon: failed to create task", null));
        sm.createTrainingJob(RequestMembersTest.job("retried").retryStrategy(r -> r.maximumRetryAttempts(1))
                .environment(Map.of("GREETING", "hello")).build());
        DescribeTrainingJobResponse d = ended("retried");
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(d.retryStrategy().maximumRetryAttempts()).isEqualTo(1);
        assertThat(d.secondaryStatusTransitions()).extracting(SecondaryStatusTransition::statusAsString)
                .containsSubsequence("Starting", "Downloading", "Starting", "Downloading", "Training", "Completed");
        assertThat(d.secondaryStatusTransitions()).anySatisfy(t -> assertThat(t.statusMessage())
                .startsWith("Retrying the training job (retry 1 of 1) after an internal error: InternalServerError:")
                .contains("failed to create task"));
        ContainerSpec spec = engine.startedSpecs().stream().filter(s -> s.name().endsWith("retried-algo-1"))
                .findFirst().orElseThrow();
        assertThat(spec.env()).containsEntry("GREETING", "hello");
    }

    @Test
    void withoutARetryStrategyAnInternalFailureFailsTheJob() {
        engine.failNextStart(new ContainerEngineException("Error response from daemon: failed to create task", null));
        sm.createTrainingJob(RequestMembersTest.job("not-retried").build());
        DescribeTrainingJobResponse d = ended("not-retried");
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(d.failureReason()).startsWith("InternalServerError:");
    }

    @Test
    void theAlgorithmsOwnFailureIsNotRetried() {
        sm.createTrainingJob(RequestMembersTest.job("algo-fails").retryStrategy(r -> r.maximumRetryAttempts(5))
                .environment(Map.of("BEHAVIOUR", "fail")).build());
        DescribeTrainingJobResponse d = ended("algo-fails");
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.FAILED);
        assertThat(d.failureReason()).startsWith("AlgorithmError:");
        assertThat(startsOf("algo-fails")).isEqualTo(1);
    }

    @Test
    void managedSpotRunsLikeOnDemandAndBillsItsTrainingTime() {
        sm.createTrainingJob(RequestMembersTest.job("spot").enableManagedSpotTraining(true)
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600).maxWaitTimeInSeconds(600)).build());
        DescribeTrainingJobResponse d = ended("spot");
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(d.enableManagedSpotTraining()).isTrue();
        assertThat(d.stoppingCondition().maxWaitTimeInSeconds()).isEqualTo(600);
        assertThat(d.billableTimeInSeconds()).isNotNull().isEqualTo(d.trainingTimeInSeconds());
    }
}
