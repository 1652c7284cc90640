package dev.sagebox.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire records of the hyperparameter tuning job operations. */
public final class TuningJobWire {
    private TuningJobWire() {
    }

    /** HyperParameterTuningJobObjective. */
    public record Objective(String type, String metricName) {
    }

    /** ResourceLimits. */
    public record ResourceLimits(Integer maxNumberOfTrainingJobs, Integer maxParallelTrainingJobs,
            Integer maxRuntimeInSeconds) {
    }

    /** IntegerParameterRange and ContinuousParameterRange. */
    public record NumericRange(String name, String minValue, String maxValue, String scalingType) {
    }

    /** CategoricalParameterRange. */
    public record CategoricalRange(String name, List<String> values) {
    }

    /** ParameterRanges; AutoParameters is read only to be refused. */
    public record ParameterRanges(List<NumericRange> integerParameterRanges,
            List<NumericRange> continuousParameterRanges, List<CategoricalRange> categoricalParameterRanges,
            List<Object> autoParameters) {
    }

    /** BestObjectiveNotImproving. */
    public record BestObjectiveNotImproving(Integer maxNumberOfTrainingJobsNotImproving) {
    }

    /** ConvergenceDetected. */
    public record ConvergenceDetected(String completeOnConvergence) {
    }

    /** TuningJobCompletionCriteria. */
    public record CompletionCriteria(Float targetObjectiveMetricValue,
            BestObjectiveNotImproving bestObjectiveNotImproving, ConvergenceDetected convergenceDetected) {
    }

    /** HyperbandStrategyConfig. */
    public record HyperbandStrategyConfig(Integer minResource, Integer maxResource) {
    }

    /** HyperParameterTuningJobStrategyConfig. */
    public record StrategyConfig(HyperbandStrategyConfig hyperbandStrategyConfig) {
    }

    /** HyperParameterTuningJobConfig. */
    public record Config(String strategy, StrategyConfig strategyConfig, Objective hyperParameterTuningJobObjective,
            ResourceLimits resourceLimits, ParameterRanges parameterRanges, String trainingJobEarlyStoppingType,
            CompletionCriteria tuningJobCompletionCriteria, Integer randomSeed) {
    }

    /** HyperParameterAlgorithmSpecification. */
    public record AlgorithmSpecification(String trainingImage, String trainingInputMode, String algorithmName,
            List<TrainingJobWire.MetricDefinition> metricDefinitions) {
    }

    /** HyperParameterTrainingJobDefinition; members Sagebox cannot honour are read only to be refused. */
    public record TrainingJobDefinition(
            String definitionName,
            Objective tuningObjective,
            ParameterRanges hyperParameterRanges,
            Map<String, String> staticHyperParameters,
            AlgorithmSpecification algorithmSpecification,
            String roleArn,
            List<TrainingJobWire.Channel> inputDataConfig,
            Object vpcConfig,
            TrainingJobWire.OutputDataConfig outputDataConfig,
            TrainingJobWire.ResourceConfig resourceConfig,
            ResourceConfig hyperParameterTuningResourceConfig,
            TrainingJobWire.StoppingCondition stoppingCondition,
            Boolean enableNetworkIsolation,
            Boolean enableInterContainerTrafficEncryption,
            Boolean enableManagedSpotTraining,
            TrainingJobWire.CheckpointConfig checkpointConfig,
            TrainingJobWire.RetryStrategy retryStrategy,
            Map<String, String> environment) {
    }

    /** HyperParameterTuningResourceConfig (what the SDK sends in place of ResourceConfig). */
    public record ResourceConfig(String instanceType, Integer instanceCount, Integer volumeSizeInGB,
            String volumeKmsKeyId, String allocationStrategy, List<Object> instanceConfigs) {
    }

    /** ParentHyperParameterTuningJob. */
    public record ParentJob(String hyperParameterTuningJobName) {
    }

    /** HyperParameterTuningJobWarmStartConfig. */
    public record WarmStartConfig(List<ParentJob> parentHyperParameterTuningJobs, String warmStartType) {
    }

    /** CreateHyperParameterTuningJob input. */
    public record CreateRequest(
            String hyperParameterTuningJobName,
            Config hyperParameterTuningJobConfig,
            TrainingJobDefinition trainingJobDefinition,
            List<TrainingJobDefinition> trainingJobDefinitions,
            WarmStartConfig warmStartConfig,
            List<TagWire> tags,
            Map<String, Object> autotune) {
    }

    /** CreateHyperParameterTuningJob output. */
    public record CreateResponse(String hyperParameterTuningJobArn) {
    }

    /** DescribeHyperParameterTuningJob and StopHyperParameterTuningJob input. */
    public record NameRequest(String hyperParameterTuningJobName) {
    }

    /** TrainingJobStatusCounters. */
    public record TrainingJobStatusCounters(int completed, int inProgress, int retryableError, int nonRetryableError,
            int stopped) {
    }

    /** ObjectiveStatusCounters. */
    public record ObjectiveStatusCounters(int succeeded, int pending, int failed) {
    }

    /** FinalHyperParameterTuningJobObjectiveMetric. */
    public record FinalObjective(String type, String metricName, Float value) {
    }

    /** HyperParameterTrainingJobSummary. */
    public record TrainingJobSummary(
            String trainingJobDefinitionName,
            String trainingJobName,
            String trainingJobArn,
            String tuningJobName,
            Instant creationTime,
            Instant trainingStartTime,
            Instant trainingEndTime,
            String trainingJobStatus,
            Map<String, String> tunedHyperParameters,
            String failureReason,
            FinalObjective finalHyperParameterTuningJobObjectiveMetric,
            String objectiveStatus) {
    }

    /** DescribeHyperParameterTuningJob output. */
    public record DescribeResponse(
            String hyperParameterTuningJobName,
            String hyperParameterTuningJobArn,
            Config hyperParameterTuningJobConfig,
            TrainingJobDefinition trainingJobDefinition,
            String hyperParameterTuningJobStatus,
            Instant creationTime,
            Instant hyperParameterTuningEndTime,
            Instant lastModifiedTime,
            TrainingJobStatusCounters trainingJobStatusCounters,
            ObjectiveStatusCounters objectiveStatusCounters,
            TrainingJobSummary bestTrainingJob,
            TrainingJobSummary overallBestTrainingJob,
            WarmStartConfig warmStartConfig,
            String failureReason) {
    }

    /** HyperParameterTuningJobSummary. */
    public record Summary(
            String hyperParameterTuningJobName,
            String hyperParameterTuningJobArn,
            String hyperParameterTuningJobStatus,
            String strategy,
            Instant creationTime,
            Instant hyperParameterTuningEndTime,
            Instant lastModifiedTime,
            TrainingJobStatusCounters trainingJobStatusCounters,
            ObjectiveStatusCounters objectiveStatusCounters,
            ResourceLimits resourceLimits) {
    }

    /** ListHyperParameterTuningJobs output. */
    public record ListResponse(List<Summary> hyperParameterTuningJobSummaries, String nextToken) {
    }

    /** ListTrainingJobsForHyperParameterTuningJob input. */
    public record ListTrainingJobsRequest(String hyperParameterTuningJobName, String nextToken, Integer maxResults,
            String statusEquals, String sortBy, String sortOrder) {
    }

    /** ListTrainingJobsForHyperParameterTuningJob output. */
    public record ListTrainingJobsResponse(List<TrainingJobSummary> trainingJobSummaries, String nextToken) {
    }
}
