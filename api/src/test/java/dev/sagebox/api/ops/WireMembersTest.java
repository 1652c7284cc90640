package dev.sagebox.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.protocol.ServiceModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The top-level members each of the 42 SageMaker operations takes, pinned: a member of today's model that its wire
 * record lacks is refused (SageMakerOperations), so widening this list is a decision, made here with its test.
 */
class WireMembersTest {
    static final Map<String, String> ACCEPTED = new TreeMap<>(Map.ofEntries(
            Map.entry("AddTags", "ResourceArn Tags"),
            Map.entry("CreateEndpoint", "EndpointConfigName EndpointName Tags"),
            Map.entry("CreateEndpointConfig", "EndpointConfigName KmsKeyId ProductionVariants Tags"),
            Map.entry("CreateModel", "Containers EnableNetworkIsolation ExecutionRoleArn InferenceExecutionConfig "
                    + "ModelName PrimaryContainer Tags"),
            Map.entry("CreateNotebookInstance", "DirectInternetAccess InstanceType KmsKeyId NotebookInstanceName "
                    + "RoleArn RootAccess SecurityGroupIds SubnetId Tags VolumeSizeInGB"),
            Map.entry("CreatePresignedNotebookInstanceUrl", "NotebookInstanceName SessionExpirationDurationInSeconds"),
            Map.entry("CreateTrainingJob", "AlgorithmSpecification CheckpointConfig DebugHookConfig "
                    + "EnableInterContainerTrafficEncryption EnableManagedSpotTraining EnableNetworkIsolation "
                    + "Environment HyperParameters InputDataConfig OutputDataConfig ProfilerConfig ResourceConfig "
                    + "RetryStrategy RoleArn StoppingCondition Tags TrainingJobName"),
            Map.entry("DeleteEndpoint", "EndpointName"),
            Map.entry("DeleteEndpointConfig", "EndpointConfigName"),
            Map.entry("DeleteModel", "ModelName"),
            Map.entry("DeleteNotebookInstance", "NotebookInstanceName"),
            Map.entry("DeleteTags", "ResourceArn TagKeys"),
            Map.entry("DescribeEndpoint", "EndpointName"),
            Map.entry("DescribeEndpointConfig", "EndpointConfigName"),
            Map.entry("DescribeModel", "ModelName"),
            Map.entry("DescribeNotebookInstance", "NotebookInstanceName"),
            Map.entry("DescribeTrainingJob", "TrainingJobName"),
            Map.entry("ListEndpointConfigs", "CreationTimeAfter CreationTimeBefore MaxResults NameContains NextToken "
                    + "SortBy SortOrder"),
            Map.entry("ListEndpoints", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("ListModels", "CreationTimeAfter CreationTimeBefore MaxResults NameContains NextToken SortBy "
                    + "SortOrder"),
            Map.entry("ListNotebookInstances", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("ListTags", "MaxResults NextToken ResourceArn"),
            Map.entry("ListTrainingJobs", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("StartNotebookInstance", "NotebookInstanceName"),
            Map.entry("StopNotebookInstance", "NotebookInstanceName"),
            Map.entry("StopTrainingJob", "TrainingJobName"),
            Map.entry("UpdateEndpoint", "EndpointConfigName EndpointName"),
            Map.entry("UpdateEndpointWeightsAndCapacities", "DesiredWeightsAndCapacities EndpointName"),
            Map.entry("UpdateNotebookInstance", "InstanceType NotebookInstanceName RoleArn VolumeSizeInGB"),
            // ExperimentConfig is accepted and not kept (no experiments here); DataCaptureConfig and
            // DatasetDefinition are read only to be refused with a clear message.
            Map.entry("CreateProcessingJob", "AppSpecification Environment ExperimentConfig NetworkConfig "
                    + "ProcessingInputs ProcessingJobName ProcessingOutputConfig ProcessingResources RoleArn "
                    + "StoppingCondition Tags"),
            Map.entry("DescribeProcessingJob", "ProcessingJobName"),
            Map.entry("ListProcessingJobs", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("StopProcessingJob", "ProcessingJobName"),
            Map.entry("CreateTransformJob", "BatchStrategy DataCaptureConfig DataProcessing Environment "
                    + "ExperimentConfig MaxConcurrentTransforms MaxPayloadInMB ModelClientConfig ModelName Tags "
                    + "TransformInput TransformJobName TransformOutput TransformResources"),
            Map.entry("DescribeTransformJob", "TransformJobName"),
            Map.entry("ListTransformJobs", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("StopTransformJob", "TransformJobName"),
            // Autotune is read only to be refused.
            Map.entry("CreateHyperParameterTuningJob", "Autotune HyperParameterTuningJobConfig "
                    + "HyperParameterTuningJobName Tags TrainingJobDefinition TrainingJobDefinitions WarmStartConfig"),
            Map.entry("DescribeHyperParameterTuningJob", "HyperParameterTuningJobName"),
            Map.entry("ListHyperParameterTuningJobs", "CreationTimeAfter CreationTimeBefore LastModifiedTimeAfter "
                    + "LastModifiedTimeBefore MaxResults NameContains NextToken SortBy SortOrder StatusEquals"),
            Map.entry("StopHyperParameterTuningJob", "HyperParameterTuningJobName"),
            Map.entry("ListTrainingJobsForHyperParameterTuningJob", "HyperParameterTuningJobName MaxResults NextToken "
                    + "SortBy SortOrder StatusEquals")));

    static OperationRegistry registry() {
        OperationRegistry.Builder b = OperationRegistry.builder();
        // Registering only binds handlers; no service is called.
        new TagOperations(null).register(b);
        new ModelOperations(null, null).register(b);
        new EndpointConfigOperations(null, null).register(b);
        new TrainingJobOperations(null, null).register(b);
        new NotebookInstanceOperations(null, null, null).register(b);
        new EndpointOperations(null, null).register(b);
        new ProcessingJobOperations(null, null).register(b);
        new TransformJobOperations(null, null).register(b);
        new TuningJobOperations(null, null).register(b);
        return b.build();
    }

    static JsonNode model() throws IOException {
        try (InputStream in = ServiceModel.class.getResourceAsStream(ServiceModel.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Set<String> wireMembers(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .map(n -> Character.toUpperCase(n.charAt(0)) + n.substring(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyOperationTakesExactlyThePinnedMembersAndEachIsOneOfTodaysModel() throws IOException {
        OperationRegistry registry = registry();
        JsonNode model = model();
        assertThat(registry.names()).hasSize(42);
        Map<String, String> actual = new TreeMap<>();
        for (String op : registry.names()) {
            Class<?> type = registry.find(op).orElseThrow().inputType();
            Set<String> members = wireMembers(type);
            String shape = model.path("operations").path(op).path("input").path("shape").asText();
            Set<String> modelled = new TreeSet<>();
            model.path("shapes").path(shape).path("members").fieldNames().forEachRemaining(modelled::add);
            // ListRequest is shared by the List operations: the model refuses what one of them lacks.
            members.retainAll(modelled);
            actual.put(op, String.join(" ", members));
        }
        assertThat(actual).isEqualTo(ACCEPTED);
    }
}
