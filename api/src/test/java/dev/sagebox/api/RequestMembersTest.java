package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.docker.FakeContainerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Which request members Sagebox takes, pinned decision by decision: what the SageMaker Python SDK 2.232 and the AWS
 * SDKs send by default is accepted; any other member the wire records do not carry is refused with a
 * ValidationException naming its path, instead of being silently dropped.
 */
class RequestMembersTest {
    static final String IMAGE = "sagebox/fake-trainer:1";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final FakeContainerEngine engine = new FakeContainerEngine(IMAGE, "sagebox/sklearn:latest");

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/a.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("1,2\n"));
        engine.onStart(c -> c.exit(0));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static CreateTrainingJobRequest.Builder job(String name) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE))
                .inputDataConfig(c -> c.channelName("training").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://data/train/").s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/out"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(30))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(86400));
    }

    static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SageMakerException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    /** What {@code Estimator.fit} sends for an image_uri estimator with nothing else set (captured from the SDK). */
    @Test
    void theSdksDefaultTrainingRequestWithItsDebugHookAndProfilerConfigIsAcceptedAndRuns() {
        sm.createTrainingJob(job("sdk-defaults")
                .debugHookConfig(d -> d.s3OutputPath("s3://data/out").collectionConfigurations(List.of()))
                .profilerConfig(p -> p.s3OutputPath("s3://data/out").disableProfiler(false)).build());
        DescribeTrainingJobResponse d = TrainingJobs.await(sm, "sdk-defaults", Duration.ofSeconds(30),
                j -> j.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS);
        assertThat(d.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
    }

    /** The SDK's framework estimators (PyTorch, MXNet, Hugging Face) send EnableSageMakerMetricsTimeSeries true. */
    @Test
    void theMetricsTimeSeriesSwitchIsAcceptedAndEchoedFalseByDefault() {
        sm.createTrainingJob(job("time-series").algorithmSpecification(a -> a.trainingImage(IMAGE)
                .trainingInputMode(TrainingInputMode.FILE).enableSageMakerMetricsTimeSeries(true)).build());
        assertThat(sm.describeTrainingJob(r -> r.trainingJobName("time-series")).algorithmSpecification()
                .enableSageMakerMetricsTimeSeries()).isTrue();
        sm.createTrainingJob(job("no-time-series").build());
        assertThat(sm.describeTrainingJob(r -> r.trainingJobName("no-time-series")).algorithmSpecification()
                .enableSageMakerMetricsTimeSeries()).isFalse();
    }

    /** {@code Estimator(disable_profiler=True)} sends ProfilerConfig with only DisableProfiler. */
    @Test
    void aDisabledProfilerIsAccepted() {
        sm.createTrainingJob(job("profiler-off").profilerConfig(p -> p.disableProfiler(true)).build());
    }

    /** What the SDK sends with spot, retries, environment, isolation and encryption switched on. */
    @Test
    void theSdksOptionalSwitchesAreAccepted() {
        sm.createTrainingJob(job("sdk-switches").environment(Map.of("A", "1")).enableNetworkIsolation(true)
                .enableInterContainerTrafficEncryption(true).enableManagedSpotTraining(true)
                .stoppingCondition(s -> s.maxRuntimeInSeconds(86400).maxWaitTimeInSeconds(86400))
                .retryStrategy(r -> r.maximumRetryAttempts(3)).hyperParameters(Map.of("epochs", "1"))
                .tags(t -> t.key("k").value("v")).build());
    }

    @Test
    void profilingAndDebuggerCollectionsAreRefused() {
        refused(() -> sm.createTrainingJob(job("profiling").profilerConfig(p -> p.s3OutputPath("s3://data/out")
                .profilingIntervalInMilliseconds(500L)).build()),
                "Sagebox does not support the member 'ProfilerConfig.ProfilingIntervalInMilliseconds' of"
                        + " CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("rules").profilerRuleConfigurations(r -> r.ruleConfigurationName("r")
                .ruleEvaluatorImage("img")).build()),
                "Sagebox does not support the member 'ProfilerRuleConfigurations' of CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("collections").debugHookConfig(d -> d.s3OutputPath("s3://data/out")
                .collectionConfigurations(c -> c.collectionName("losses"))).build()),
                "Sagebox does not support the member 'DebugHookConfig.CollectionConfigurations' of"
                        + " CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("hook-params").debugHookConfig(d -> d.s3OutputPath("s3://data/out")
                .hookParameters(Map.of("save_interval", "1"))).build()),
                "Sagebox does not support the member 'DebugHookConfig.HookParameters' of CreateTrainingJob.");
    }

    @Test
    void unsupportedTrainingMembersAreRefusedByTheirPath() {
        refused(() -> sm.createTrainingJob(job("vpc").vpcConfig(v -> v.subnets("subnet-1").securityGroupIds("sg-1"))
                .build()), "Sagebox does not support the member 'VpcConfig' of CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("experiment").experimentConfig(e -> e.experimentName("x")).build()),
                "Sagebox does not support the member 'ExperimentConfig' of CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("tensorboard").tensorBoardOutputConfig(t -> t.s3OutputPath("s3://d/t"))
                .build()), "Sagebox does not support the member 'TensorBoardOutputConfig' of CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("warm-pool").resourceConfig(r -> r.instanceType("ml.m5.large")
                .instanceCount(1).volumeSizeInGB(1).keepAlivePeriodInSeconds(60)).build()),
                "Sagebox does not support the member 'ResourceConfig.KeepAlivePeriodInSeconds' of CreateTrainingJob.");
        refused(() -> sm.createTrainingJob(job("shuffle").inputDataConfig(c -> c.channelName("training")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri("s3://data/train/")))
                .shuffleConfig(s -> s.seed(7L))).build()),
                "Sagebox does not support the member 'InputDataConfig[0].ShuffleConfig' of CreateTrainingJob.");
    }

    /** What {@code deploy} / {@code Model.deploy} send: an empty Environment, InitialVariantWeight 1, Tags []. */
    @Test
    void theSdksDefaultHostingRequestsAreAccepted() {
        sm.createModel(r -> r.modelName("sdk-model").executionRoleArn(ROLE).primaryContainer(c -> c
                .image("sagebox/sklearn:latest").environment(Map.of()).modelDataUrl("s3://data/model.tar.gz")));
        sm.createEndpointConfig(r -> r.endpointConfigName("sdk-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName("sdk-model").initialVariantWeight(1f).initialInstanceCount(1)
                .instanceType("ml.m5.large")));
        // update_endpoint copies the described variants (and the KmsKeyId when there is one) into a new config.
        var described = sm.describeEndpointConfig(r -> r.endpointConfigName("sdk-config"));
        sm.createEndpointConfig(r -> r.endpointConfigName("sdk-config-2").productionVariants(
                described.productionVariants()).tags(t -> t.key("k").value("v")));
        sm.deleteEndpointConfig(r -> r.endpointConfigName("sdk-config-2"));
        sm.deleteEndpointConfig(r -> r.endpointConfigName("sdk-config"));
        sm.deleteModel(r -> r.modelName("sdk-model"));
    }

    @Test
    void unsupportedHostingMembersAreRefusedByTheirPath() {
        refused(() -> sm.createModel(r -> r.modelName("vpc-model").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image("sagebox/sklearn:latest")).vpcConfig(v -> v.subnets("s")
                        .securityGroupIds("g"))),
                "Sagebox does not support the member 'VpcConfig' of CreateModel.");
        refused(() -> sm.createModel(r -> r.modelName("mode-model").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image("sagebox/sklearn:latest").mode("MultiModel"))),
                "Sagebox does not support the member 'PrimaryContainer.Mode' of CreateModel.");
        refused(() -> sm.createEndpointConfig(r -> r.endpointConfigName("capture").productionVariants(v -> v
                .variantName("AllTraffic").modelName("m").initialInstanceCount(1).instanceType("ml.m5.large"))
                .dataCaptureConfig(c -> c.initialSamplingPercentage(100).destinationS3Uri("s3://data/capture")
                        .captureOptions(o -> o.captureMode("Input")))),
                "Sagebox does not support the member 'DataCaptureConfig' of CreateEndpointConfig.");
        refused(() -> sm.createEndpointConfig(r -> r.endpointConfigName("serverless").productionVariants(v -> v
                .variantName("AllTraffic").modelName("m").serverlessConfig(s -> s.memorySizeInMB(1024)
                        .maxConcurrency(1)))),
                "Sagebox does not support the member 'ProductionVariants[0].ServerlessConfig' of"
                        + " CreateEndpointConfig.");
        refused(() -> sm.createEndpoint(r -> r.endpointName("e").endpointConfigName("c")
                .deploymentConfig(d -> d.autoRollbackConfiguration(a -> a.alarms(x -> x.alarmName("a"))))),
                "Sagebox does not support the member 'DeploymentConfig' of CreateEndpoint.");
        refused(() -> sm.updateEndpoint(r -> r.endpointName("e").endpointConfigName("c")
                .retainAllVariantProperties(true)),
                "Sagebox does not support the member 'RetainAllVariantProperties' of UpdateEndpoint.");
    }

    @Test
    void unsupportedNotebookAndListMembersAreRefused() {
        refused(() -> sm.createNotebookInstance(r -> r.notebookInstanceName("nb").instanceType("ml.t3.medium")
                .roleArn(ROLE).defaultCodeRepository("https://example.com/repo.git")),
                "Sagebox does not support the member 'DefaultCodeRepository' of CreateNotebookInstance.");
        refused(() -> sm.listTrainingJobs(r -> r.warmPoolStatusEquals("Available")),
                "Sagebox does not support the member 'WarmPoolStatusEquals' of ListTrainingJobs.");
    }

}
