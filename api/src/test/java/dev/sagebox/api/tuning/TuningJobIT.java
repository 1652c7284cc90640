package dev.sagebox.api.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateHyperParameterTuningJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeHyperParameterTuningJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTrainingJobDefinition;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTrainingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobConfig;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Tuning jobs whose children are real training jobs of the test algorithm in its "objective" mode (a known function of
 * the hyperparameters x and kind), driven by the Java SDK.
 */
@Tag("docker")
class TuningJobIT {
    static final String IMAGE = "sagebox/test-algorithm:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true))));
        sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("tuning"));
        sagebox.s3.putObject(r -> r.bucket("tuning").key("train/x.csv"), RequestBody.fromString("1\n"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static HyperParameterTrainingJobDefinition definition(Map<String, String> statics) {
        return HyperParameterTrainingJobDefinition.builder()
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode("File")
                        .metricDefinitions(m -> m.name("loss").regex("loss=([0-9.]+)")))
                .roleArn(ROLE)
                .staticHyperParameters(statics)
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://tuning/train/"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://tuning/output"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(300))
                .build();
    }

    static CreateHyperParameterTuningJobRequest tuning(String name, UnaryOperator<HyperParameterTuningJobConfig.Builder>
            config, Map<String, String> statics) {
        return CreateHyperParameterTuningJobRequest.builder().hyperParameterTuningJobName(name)
                .hyperParameterTuningJobConfig(config.apply(HyperParameterTuningJobConfig.builder()
                        .hyperParameterTuningJobObjective(o -> o.type("Minimize").metricName("loss"))).build())
                .trainingJobDefinition(definition(statics))
                .build();
    }

    static DescribeHyperParameterTuningJobResponse ended(String name) {
        return Poll.value(Duration.ofSeconds(240), "tuning job " + name + " ends", () -> Optional.of(
                sm.describeHyperParameterTuningJob(r -> r.hyperParameterTuningJobName(name))).filter(d ->
                        d.hyperParameterTuningJobStatus() != HyperParameterTuningJobStatus.IN_PROGRESS
                        && d.hyperParameterTuningJobStatus() != HyperParameterTuningJobStatus.STOPPING));
    }

    static List<HyperParameterTrainingJobSummary> children(String name, UnaryOperator<
            software.amazon.awssdk.services.sagemaker.model.ListTrainingJobsForHyperParameterTuningJobRequest
                    .Builder> query) {
        List<HyperParameterTrainingJobSummary> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sm.listTrainingJobsForHyperParameterTuningJob(r -> query.apply(
                    r.hyperParameterTuningJobName(name).maxResults(2).nextToken(t)));
            all.addAll(page.trainingJobSummaries());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    @Test
    void randomSearchRunsItsChildrenTwoAtATimeAndReportsTheBest() {
        String name = "tune-random";
        sm.createHyperParameterTuningJob(tuning(name, c -> c.strategy("Random").randomSeed(7)
                .resourceLimits(l -> l.maxNumberOfTrainingJobs(6).maxParallelTrainingJobs(2))
                .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4")
                        .scalingType("Linear")).categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"))),
                Map.of("behaviour", "objective", "epochs", "2")));
        DescribeHyperParameterTuningJobResponse d = ended(name);
        assertThat(d.hyperParameterTuningJobStatus()).as(String.valueOf(d.failureReason()))
                .isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
        assertThat(d.trainingJobStatusCounters().completed()).isEqualTo(6);
        assertThat(d.objectiveStatusCounters().succeeded()).isEqualTo(6);
        assertThat(d.hyperParameterTuningEndTime()).isNotNull();

        List<HyperParameterTrainingJobSummary> byObjective = children(name, q -> q.sortBy("FinalObjectiveMetricValue")
                .sortOrder("Ascending"));
        assertThat(byObjective).hasSize(6).allSatisfy(c -> {
            assertThat(c.trainingJobName()).matches(name + "-\\d{3}-[0-9a-f]{8}");
            assertThat(c.tunedHyperParameters()).containsOnlyKeys("x", "kind");
            double x = Double.parseDouble(c.tunedHyperParameters().get("x"));
            assertThat(x).isBetween(0.0, 4.0);
            double expected = (x - 2) * (x - 2) + List.of("a", "b", "c").indexOf(c.tunedHyperParameters().get("kind"))
                    + 0.5;
            assertThat((double) c.finalHyperParameterTuningJobObjectiveMetric().value()).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1e-3));
        });
        assertThat(byObjective).extracting(c -> c.finalHyperParameterTuningJobObjectiveMetric().value()).isSorted();
        assertThat(d.bestTrainingJob().trainingJobName()).isEqualTo(byObjective.get(0).trainingJobName());
        assertThat(new HashSet<>(byObjective.stream().map(c -> c.tunedHyperParameters().get("x")).toList()))
                .as("a random search tries different points").hasSizeGreaterThan(1);

        DescribeTrainingJobResponse child = sm.describeTrainingJob(r -> r.trainingJobName(
                byObjective.get(0).trainingJobName()));
        assertThat(child.tuningJobArn()).isEqualTo(d.hyperParameterTuningJobArn());
        assertThat(child.hyperParameters()).containsEntry("behaviour", "objective").containsEntry("epochs", "2")
                .containsKeys("x", "kind");
        assertThat(sm.listTrainingJobs(r -> r.nameContains(name + "-").maxResults(100)).trainingJobSummaries())
                .hasSize(6);
        // Never more than MaxParallelTrainingJobs at once.
        List<HyperParameterTrainingJobSummary> all = children(name, q -> q);
        for (HyperParameterTrainingJobSummary c : all) {
            Instant t = c.trainingStartTime();
            long overlapping = all.stream().filter(o -> !o.creationTime().isAfter(t)
                    && o.trainingEndTime().isAfter(t)).count();
            assertThat(overlapping).as("children running at %s", t).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void gridSearchTriesEveryCombinationOnceAndChecksItsSize() {
        assertThatThrownBy(() -> sm.createHyperParameterTuningJob(tuning("tune-grid-bad", c -> c.strategy("Grid")
                .resourceLimits(l -> l.maxNumberOfTrainingJobs(5).maxParallelTrainingJobs(3))
                .parameterRanges(p -> p.categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"),
                        r -> r.name("x").values("1", "2"))), Map.of("behaviour", "objective", "epochs", "1"))))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("(6)"));
        String name = "tune-grid";
        sm.createHyperParameterTuningJob(tuning(name, c -> c.strategy("Grid")
                .resourceLimits(l -> l.maxParallelTrainingJobs(3))
                .parameterRanges(p -> p.categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"),
                        r -> r.name("x").values("1", "2"))), Map.of("behaviour", "objective", "epochs", "1")));
        DescribeHyperParameterTuningJobResponse d = ended(name);
        assertThat(d.hyperParameterTuningJobStatus()).isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
        assertThat(d.hyperParameterTuningJobConfig().resourceLimits().maxNumberOfTrainingJobs()).isEqualTo(6);
        Set<Map<String, String>> tried = new HashSet<>();
        children(name, q -> q).forEach(c -> assertThat(tried.add(c.tunedHyperParameters())).isTrue());
        assertThat(tried).hasSize(6);
        assertThat(d.bestTrainingJob().tunedHyperParameters()).containsEntry("kind", "a").containsEntry("x", "2");
    }

    @Test
    void stopEndsRunningChildrenAndStartsNoNewOnes() {
        String name = "tune-stop";
        sm.createHyperParameterTuningJob(tuning(name, c -> c.strategy("Random")
                .resourceLimits(l -> l.maxNumberOfTrainingJobs(10).maxParallelTrainingJobs(2))
                .parameterRanges(p -> p.integerParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))),
                Map.of("behaviour", "objective", "epochs", "100", "epoch_seconds", "1")));
        Poll.until(Duration.ofSeconds(60), "two children running", () -> sm.describeHyperParameterTuningJob(r -> r
                .hyperParameterTuningJobName(name)).trainingJobStatusCounters().inProgress() == 2);
        sm.stopHyperParameterTuningJob(r -> r.hyperParameterTuningJobName(name));
        DescribeHyperParameterTuningJobResponse d = ended(name);
        assertThat(d.hyperParameterTuningJobStatus()).isEqualTo(HyperParameterTuningJobStatus.STOPPED);
        assertThat(d.trainingJobStatusCounters().stopped()).isEqualTo(2);
        assertThat(children(name, q -> q)).hasSize(2).allSatisfy(c -> assertThat(c.trainingJobStatus())
                .isEqualTo(TrainingJobStatus.STOPPED));
    }

    @Test
    void earlyStoppingAutoStopsChildrenWorseThanTheMedianAndAWarmStartSeesItsParent() {
        String parent = "tune-early";
        sm.createHyperParameterTuningJob(tuning(parent, c -> c.strategy("Random").randomSeed(11)
                .trainingJobEarlyStoppingType("Auto")
                .resourceLimits(l -> l.maxNumberOfTrainingJobs(8).maxParallelTrainingJobs(1))
                .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))
                        .categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"))),
                Map.of("behaviour", "objective", "epochs", "4", "epoch_seconds", "1")));
        DescribeHyperParameterTuningJobResponse d = ended(parent);
        assertThat(d.hyperParameterTuningJobStatus()).isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
        assertThat(d.trainingJobStatusCounters().stopped()).as("children stopped by the median rule").isPositive();
        assertThat(d.trainingJobStatusCounters().completed() + d.trainingJobStatusCounters().stopped()).isEqualTo(8);
        // A child stopped early still reported values: its objective is its last one.
        assertThat(d.objectiveStatusCounters().succeeded()).isEqualTo(8);

        String child = "tune-warm";
        sm.createHyperParameterTuningJob(tuning(child, c -> c.strategy("Bayesian").randomSeed(5)
                .resourceLimits(l -> l.maxNumberOfTrainingJobs(2).maxParallelTrainingJobs(2))
                .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))
                        .categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"))),
                Map.of("behaviour", "objective", "epochs", "4")).toBuilder()
                .warmStartConfig(w -> w.warmStartType("IdenticalDataAndAlgorithm")
                        .parentHyperParameterTuningJobs(p -> p.hyperParameterTuningJobName(parent))).build());
        DescribeHyperParameterTuningJobResponse warm = ended(child);
        assertThat(warm.hyperParameterTuningJobStatus()).isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
        assertThat(warm.warmStartConfig().parentHyperParameterTuningJobs()).singleElement()
                .satisfies(p -> assertThat(p.hyperParameterTuningJobName()).isEqualTo(parent));
        double ownBest = warm.bestTrainingJob().finalHyperParameterTuningJobObjectiveMetric().value();
        double overall = warm.overallBestTrainingJob().finalHyperParameterTuningJobObjectiveMetric().value();
        assertThat(overall).isLessThanOrEqualTo(ownBest)
                .isLessThanOrEqualTo(d.bestTrainingJob().finalHyperParameterTuningJobObjectiveMetric().value());
    }

    @Test
    void anObjectiveTheDefinitionDoesNotMeasureIsRefused() {
        assertThatThrownBy(() -> sm.createHyperParameterTuningJob(CreateHyperParameterTuningJobRequest.builder()
                .hyperParameterTuningJobName("tune-bad-metric")
                .hyperParameterTuningJobConfig(c -> c.strategy("Random")
                        .hyperParameterTuningJobObjective(o -> o.type("Maximize").metricName("accuracy"))
                        .resourceLimits(l -> l.maxNumberOfTrainingJobs(2).maxParallelTrainingJobs(1))
                        .parameterRanges(p -> p.integerParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))))
                .trainingJobDefinition(definition(Map.of())).build()))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("[accuracy]"));
        assertThat(sm.listHyperParameterTuningJobs(r -> r.nameContains("tune-bad-metric"))
                .hyperParameterTuningJobSummaries()).isEmpty();
    }
}
