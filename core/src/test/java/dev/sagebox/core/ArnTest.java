package dev.sagebox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArnTest {
    private final AwsScope scope = new AwsScope("us-east-1", "123456789012");

    @Test
    void lowerCasesTheNameInsideTheArn() {
        assertThat(scope.arn(ResourceType.ENDPOINT, "DEMO-Endpoint").toString())
                .isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:endpoint/demo-endpoint");
    }

    @Test
    void parsesWhatItFormatsAndComparesNamesCaseInsensitively() {
        Arn arn = scope.arn(ResourceType.ENDPOINT_CONFIG, "cfg-1");
        assertThat(Arn.parse(arn.toString())).contains(arn);
        assertThat(Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/CFG-1")).contains(arn);
    }

    @Test
    void rejectsForeignServicesAndUnknownTypes() {
        assertThat(Arn.parse("arn:aws:s3:us-east-1:123456789012:model/x")).isEmpty();
        assertThat(Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:pipeline/x")).isEmpty();
        assertThat(Arn.parse("arn:aws:sagemaker:us-east-1:1234:model/x")).isEmpty();
    }

    @Test
    void scopeRefusesABadAccountId() {
        assertThatThrownBy(() -> new AwsScope("us-east-1", "12ab")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusTablesAllowOnlyTheDocumentedMoves() {
        assertThat(TrainingJobStatus.IN_PROGRESS.canMoveTo(TrainingJobStatus.STOPPING)).isTrue();
        assertThat(TrainingJobStatus.COMPLETED.canMoveTo(TrainingJobStatus.STOPPING)).isFalse();
        assertThat(EndpointStatus.CREATING.canMoveTo(EndpointStatus.DELETING)).as("DeleteEndpoint in progress").isTrue();
        assertThat(EndpointStatus.DELETING.canMoveTo(EndpointStatus.IN_SERVICE)).isFalse();
        assertThat(EndpointStatus.FAILED.canMoveTo(EndpointStatus.DELETING)).isTrue();
        assertThat(NotebookInstanceStatus.IN_SERVICE.canMoveTo(NotebookInstanceStatus.PENDING)).isFalse();
        assertThat(NotebookInstanceStatus.STOPPED.canMoveTo(NotebookInstanceStatus.UPDATING)).isTrue();
        assertThat(WireNamed.fromWire(EndpointStatus.class, "InService")).contains(EndpointStatus.IN_SERVICE);
    }
}
