package dev.sagebox.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceModelTest {
    private static final ServiceModel MODEL = ServiceModel.load();

    @Test
    void knowsTheTwentyNineOperationsOf2017AndTheTransformAndProcessingOperations() {
        assertThat(MODEL.operationNames()).hasSize(42).contains("CreateTrainingJob", "DescribeEndpoint",
                "UpdateEndpointWeightsAndCapacities", "CreateTransformJob", "StopTransformJob", "CreateProcessingJob",
                "ListProcessingJobs");
        assertThat(MODEL.hasOperation("CreateModel")).isTrue();
        assertThat(MODEL.hasOperation("createModel")).isFalse();
        assertThat(MODEL.hasOperation("CreateHyperParameterTuningJob")).isTrue();
        assertThat(MODEL.hasOperation("CreateAutoMLJob")).isFalse();
    }

    @Test
    void answersInputAndOutputShapeNames() {
        assertThat(MODEL.inputShapeName("CreateTrainingJob")).contains("CreateTrainingJobRequest");
        assertThat(MODEL.outputShapeName("CreateTrainingJob")).contains("CreateTrainingJobResponse");
        assertThat(MODEL.outputShapeName("DescribeModel")).contains("DescribeModelOutput");
        assertThat(MODEL.outputShapeName("DeleteModel")).isEmpty();
        assertThat(MODEL.outputShapeName("Nope")).isEmpty();
    }

    @Test
    void memberPathsAreLowerCamelCase() {
        assertThat(ServiceModel.pathName("ModelName")).isEqualTo("modelName");
        assertThat(ServiceModel.pathName("S3Uri")).isEqualTo("s3Uri");
        assertThat(ServiceModel.pathName("VolumeSizeInGB")).isEqualTo("volumeSizeInGB");
        assertThat(ServiceModel.pathName("KmsKeyId")).isEqualTo("kmsKeyId");
    }

    @Test
    void everyPatternedStringShapeHasACompiledPatternAndItsAwsText() {
        assertThat(MODEL.patternedStrings()).hasSizeGreaterThan(80).allSatisfy(s -> {
            assertThat(s.pattern()).isNotNull();
            assertThat(s.patternText()).startsWith("^");
        });
    }
}
