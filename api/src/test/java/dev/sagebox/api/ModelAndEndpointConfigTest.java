package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;

/** Models and endpoint configurations through the real AWS SDK v2 client. */
class ModelAndEndpointConfigTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final String ACCOUNT = "arn:aws:sagemaker:us-east-1:123456789012:";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        sm = sagebox.sageMaker;
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    static void createModel(String name) {
        createModel(sm, name);
    }

    static void createModel(SageMakerClient client, String name) {
        client.createModel(r -> r.modelName(name).executionRoleArn(ROLE).primaryContainer(c -> c
                .image("sagebox/sklearn:latest")
                .modelDataUrl("s3://bucket/model.tar.gz")
                .environment(Map.of("MODEL_SERVER_WORKERS", "2"))));
    }

    @Test
    void createDescribeAndDeleteAModel() {
        Instant before = Instant.now().minusSeconds(1);
        String arn = sm.createModel(r -> r.modelName("Churn-Model").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image("sagebox/sklearn:latest").modelDataUrl("s3://bucket/m/model.tar.gz")))
                .modelArn();
        assertThat(arn).isEqualTo(ACCOUNT + "model/churn-model");

        DescribeModelResponse d = sm.describeModel(r -> r.modelName("Churn-Model"));
        assertThat(d.modelName()).isEqualTo("Churn-Model");
        assertThat(d.modelArn()).isEqualTo(arn);
        assertThat(d.executionRoleArn()).isEqualTo(ROLE);
        assertThat(d.primaryContainer().image()).isEqualTo("sagebox/sklearn:latest");
        assertThat(d.primaryContainer().modelDataUrl()).isEqualTo("s3://bucket/m/model.tar.gz");
        assertThat(d.creationTime()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(d.responseMetadata().requestId()).isNotBlank();

        sm.deleteModel(r -> r.modelName("churn-model"));
        assertThatThrownBy(() -> sm.describeModel(r -> r.modelName("Churn-Model")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Could not find model \"" + ACCOUNT + "model/churn-model\".");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void duplicateModelIsRefusedWithSageMakersText() {
        createModel("dup-model");
        assertThatThrownBy(() -> createModel("DUP-model"))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Cannot create already existing model \"" + ACCOUNT + "model/dup-model\".");
                });
    }

    @Test
    void containersListIsEchoedAsContainers() {
        sm.createModel(r -> r.modelName("pipeline-model").executionRoleArn(ROLE).containers(
                ContainerDefinition.builder().image("a:1").build(), ContainerDefinition.builder().image("b:1").build()));
        DescribeModelResponse d = sm.describeModel(r -> r.modelName("pipeline-model"));
        assertThat(d.containers()).extracting(ContainerDefinition::image).containsExactly("a:1", "b:1");
        assertThat(d.primaryContainer()).isNull();
    }

    @Test
    void enableNetworkIsolationIsAcceptedAndEchoed() {
        sm.createModel(r -> r.modelName("isolated-model").executionRoleArn(ROLE).enableNetworkIsolation(true)
                .primaryContainer(c -> c.image("a:1")));
        assertThat(sm.describeModel(r -> r.modelName("isolated-model")).enableNetworkIsolation()).isTrue();
        createModel("open-model");
        assertThat(sm.describeModel(r -> r.modelName("open-model")).enableNetworkIsolation()).isFalse();
    }

    @Test
    void modelNeedsExactlyOneOfPrimaryContainerAndContainers() {
        assertThatThrownBy(() -> sm.createModel(r -> r.modelName("no-containers").executionRoleArn(ROLE)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Either PrimaryContainer or Containers must be specified."));
    }

    @Test
    void endpointConfigChecksItsModelsAndDefaultsTheWeight() {
        assertThatThrownBy(() -> sm.createEndpointConfig(r -> r.endpointConfigName("cfg-missing").productionVariants(
                variant("AllTraffic", "no-such-model"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find model \"" + ACCOUNT + "model/no-such-model\"."));

        createModel("cfg-model");
        String arn = sm.createEndpointConfig(r -> r.endpointConfigName("Cfg-1")
                .productionVariants(variant("AllTraffic", "cfg-model"))).endpointConfigArn();
        assertThat(arn).isEqualTo(ACCOUNT + "endpoint-config/cfg-1");
        DescribeEndpointConfigResponse d = sm.describeEndpointConfig(r -> r.endpointConfigName("Cfg-1"));
        assertThat(d.productionVariants()).singleElement().satisfies(v -> {
            assertThat(v.variantName()).isEqualTo("AllTraffic");
            assertThat(v.modelName()).isEqualTo("cfg-model");
            assertThat(v.initialInstanceCount()).isEqualTo(1);
            assertThat(v.instanceTypeAsString()).isEqualTo("ml.m5.large");
            assertThat(v.initialVariantWeight()).isEqualTo(1.0f);
        });

        assertThatThrownBy(() -> sm.createEndpointConfig(r -> r.endpointConfigName("cfg-1")
                .productionVariants(variant("AllTraffic", "cfg-model"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot create already existing endpoint configuration \"" + ACCOUNT
                                + "endpoint-config/cfg-1\"."));

        sm.deleteEndpointConfig(r -> r.endpointConfigName("cfg-1"));
        assertThatThrownBy(() -> sm.describeEndpointConfig(r -> r.endpointConfigName("cfg-1")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Could not find endpoint configuration \"" + ACCOUNT + "endpoint-config/cfg-1\"."));
    }

    @Test
    void variantNamesMustBeUniqueWithinAConfig() {
        createModel("twice-model");
        assertThatThrownBy(() -> sm.createEndpointConfig(r -> r.endpointConfigName("cfg-twice").productionVariants(
                variant("A", "twice-model"), variant("a", "twice-model"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    static ProductionVariant variant(String name, String model) {
        return ProductionVariant.builder().variantName(name).modelName(model).initialInstanceCount(1)
                .instanceType(ProductionVariantInstanceType.ML_M5_LARGE).build();
    }
}
