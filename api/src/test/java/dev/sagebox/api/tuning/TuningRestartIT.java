package dev.sagebox.api.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.api.db.Database;
import dev.sagebox.api.db.DocumentCodec;
import dev.sagebox.api.db.H2HyperParameterTuningJobRepository;
import dev.sagebox.docker.Poll;
import dev.sagebox.scheduler.tuning.TuningChild;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeHyperParameterTuningJobResponse;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** A tuning job in progress when the server stops carries on after the next start: no child lost, none twice. */
@Tag("docker")
class TuningRestartIT {
    @TempDir
    static Path home;

    @Test
    void aTuningJobCarriesOnAfterARestart() {
        SageboxConfig config = SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true));
        String name = "tune-restart";
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(config))) {
            first.s3.createBucket(r -> r.bucket("tuning"));
            first.s3.putObject(r -> r.bucket("tuning").key("train/x.csv"), RequestBody.fromString("1\n"));
            TuningJobIT.sm = first.sageMaker;
            first.sageMaker.createHyperParameterTuningJob(TuningJobIT.tuning(name, c -> c.strategy("Bayesian")
                    .randomSeed(3).resourceLimits(l -> l.maxNumberOfTrainingJobs(5).maxParallelTrainingJobs(2))
                    .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))),
                    Map.of("behaviour", "objective", "epochs", "3", "epoch_seconds", "1")));
            Poll.until(Duration.ofSeconds(60), "a child ended", () -> first.sageMaker.describeHyperParameterTuningJob(
                    r -> r.hyperParameterTuningJobName(name)).trainingJobStatusCounters().completed() >= 1);
        }
        try (TestSagebox second = TestSagebox.start(Sagebox.builder(config))) {
            DescribeHyperParameterTuningJobResponse d = Poll.value(Duration.ofSeconds(180), "the tuning job ends",
                    () -> Optional.of(second.sageMaker.describeHyperParameterTuningJob(r -> r
                            .hyperParameterTuningJobName(name))).filter(x -> x.hyperParameterTuningJobStatus()
                                    == HyperParameterTuningJobStatus.COMPLETED
                                    || x.hyperParameterTuningJobStatus() == HyperParameterTuningJobStatus.FAILED));
            assertThat(d.hyperParameterTuningJobStatus()).as(String.valueOf(d.failureReason()))
                    .isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
            var children = second.sageMaker.listTrainingJobsForHyperParameterTuningJob(r -> r
                    .hyperParameterTuningJobName(name).maxResults(100)).trainingJobSummaries();
            assertThat(d.trainingJobStatusCounters().completed()).isEqualTo(5);
            // A child the restart cut short where it could not be re-attached is a RetryableError, run again.
            assertThat(children).as(children.toString()).hasSize(5 + d.trainingJobStatusCounters().retryableError())
                    .filteredOn(c -> c.trainingJobStatus() != TrainingJobStatus.COMPLETED)
                    .allSatisfy(c -> assertThat(c.failureReason()).startsWith("InternalServerError:"));
            assertThat(d.trainingJobStatusCounters().nonRetryableError()).isZero();
        } finally {
            TuningJobIT.sm = null;
        }
    }

    @Test
    void aChildRecordedButNeverCreatedIsNotCounted(@TempDir Path ownHome) {
        // A shutdown can cut a child's creation short after the tuning job recorded it: no training job exists.
        SageboxConfig config = SageboxConfig.forTests(ownHome)
                .withTraining(new SageboxConfig.Training(4, Duration.ofSeconds(2), true));
        String name = "tune-ghost";
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(config))) {
            first.s3.createBucket(r -> r.bucket("tuning"));
            first.s3.putObject(r -> r.bucket("tuning").key("train/x.csv"), RequestBody.fromString("1\n"));
            TuningJobIT.sm = first.sageMaker;
            first.sageMaker.createHyperParameterTuningJob(TuningJobIT.tuning(name, c -> c.strategy("Random")
                    .randomSeed(5).resourceLimits(l -> l.maxNumberOfTrainingJobs(3).maxParallelTrainingJobs(1))
                    .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))),
                    Map.of("behaviour", "objective", "epochs", "1")));
        }
        Database db = Database.onDisk(ownHome.resolve("db"));
        try {
            new H2HyperParameterTuningJobRepository(db, new DocumentCodec()).update(name, j -> j.withChild(
                    new TuningChild(name + "-never-created", Map.of("x", "1.0")), Instant.now()));
        } finally {
            db.close();
        }
        try (TestSagebox second = TestSagebox.start(Sagebox.builder(config))) {
            DescribeHyperParameterTuningJobResponse d = Poll.value(Duration.ofSeconds(180), "the tuning job ends",
                    () -> Optional.of(second.sageMaker.describeHyperParameterTuningJob(r -> r
                            .hyperParameterTuningJobName(name))).filter(x -> x.hyperParameterTuningJobStatus()
                                    != HyperParameterTuningJobStatus.IN_PROGRESS));
            assertThat(d.hyperParameterTuningJobStatus()).isEqualTo(HyperParameterTuningJobStatus.COMPLETED);
            var children = second.sageMaker.listTrainingJobsForHyperParameterTuningJob(r -> r
                    .hyperParameterTuningJobName(name).maxResults(100)).trainingJobSummaries();
            assertThat(d.trainingJobStatusCounters().completed()).as(children.toString()).isEqualTo(3);
            assertThat(children).hasSize(3 + d.trainingJobStatusCounters().retryableError());
        } finally {
            TuningJobIT.sm = null;
        }
    }
}
