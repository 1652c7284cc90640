package dev.sagebox.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.docker.Poll;
import dev.sagebox.runner.AlgorithmSpec;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.TrainingOutcome;
import dev.sagebox.runner.TrainingOptions;
import dev.sagebox.runner.TrainingSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainingSchedulerTest {
    final InMemoryTrainingJobRepository repository = new InMemoryTrainingJobRepository();
    final FakeTrainingRunner runner = new FakeTrainingRunner();
    final AwsScope scope = new AwsScope("us-east-1", "123456789012");
    TrainingScheduler scheduler = new TrainingScheduler(repository, runner, 2, Clock.systemUTC());
    TrainingJobService service = new TrainingJobService(repository, scheduler, dev.sagebox.core.Quotas.DEFAULTS, scope,
            Clock.systemUTC());

    @AfterEach
    void close() {
        runner.endings.values().forEach(f -> f.complete(TrainingOutcome.completed()));
        scheduler.close();
    }

    static TrainingSpec spec(String name, int instances, Duration maxRuntime) {
        return new TrainingSpec(name, "arn:aws:sagemaker:us-east-1:123456789012:training-job/" + name,
                new AlgorithmSpec("img:1", ChannelInputMode.FILE, Optional.empty(), Optional.empty()),
                "arn:aws:iam::123456789012:role/R", Map.of(), List.of(), "s3://b/out", Optional.empty(), "ml.m5.large",
                instances, 1, maxRuntime, Map.of(), TrainingOptions.DEFAULTS);
    }

    TrainingJob awaitJob(String name, Predicate<TrainingJob> condition) {
        return Poll.until(Duration.ofSeconds(10), "training job " + name, () -> service.describe(name), condition);
    }

    @Test
    void aJobRunsThroughItsSecondaryStatusesToCompleted() throws Exception {
        service.create(spec("job-a", 1, Duration.ofDays(1)));
        runner.started("job-a").get(10, TimeUnit.SECONDS);
        TrainingJob training = service.describe("job-a");
        assertThat(training.status()).isEqualTo(TrainingJobStatus.IN_PROGRESS);
        assertThat(training.secondaryStatus()).isEqualTo(SecondaryStatus.TRAINING);
        assertThat(training.trainingStartTime()).isPresent();

        runner.ending("job-a").complete(TrainingOutcome.completed());
        TrainingJob done = awaitJob("job-a", j -> j.status() == TrainingJobStatus.COMPLETED);
        assertThat(done.secondaryStatus()).isEqualTo(SecondaryStatus.COMPLETED);
        assertThat(done.trainingEndTime()).isPresent();
        assertThat(done.transitions()).extracting(StatusTransition::status).containsExactly(SecondaryStatus.STARTING,
                SecondaryStatus.DOWNLOADING, SecondaryStatus.TRAINING, SecondaryStatus.UPLOADING,
                SecondaryStatus.COMPLETED);
        assertThat(done.transitions()).allMatch(t -> t.endTime().isPresent());
    }

    @Test
    void instancesPerJobAndJobsInProgressOverTheirQuotasAreResourceLimitExceededAndNotStored() throws Exception {
        TrainingJobService limited = new TrainingJobService(repository, scheduler,
                new dev.sagebox.core.Quotas(10, 20, 40, 2, 2, 8), scope, Clock.systemUTC());
        assertThatThrownBy(() -> limited.create(spec("wide", 3, Duration.ofDays(1))))
                .isInstanceOfSatisfying(dev.sagebox.core.SageboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.sagebox.core.ErrorCode.RESOURCE_LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("a request delta of 3 Instances")
                            .contains("SAGEBOX_MAX_INSTANCES_PER_TRAINING_JOB");
                });
        assertThat(repository.find("wide")).isEmpty();

        // One instance each: with the scheduler's capacity of 2 both run, whichever it picks first.
        limited.create(spec("one", 1, Duration.ofDays(1)));
        limited.create(spec("two", 1, Duration.ofDays(1)));
        assertThatThrownBy(() -> limited.create(spec("three", 1, Duration.ofDays(1))))
                .isInstanceOfSatisfying(dev.sagebox.core.SageboxException.class, e -> assertThat(e.getMessage())
                        .contains("'training jobs in progress' is 2 Jobs, with current utilization of 2 Jobs"));
        assertThat(repository.find("three")).isEmpty();
        assertThat(runner.started).doesNotContainKey("three");

        runner.started("one").get(10, TimeUnit.SECONDS);
        runner.ending("one").complete(TrainingOutcome.completed());
        awaitJob("one", j -> j.status() == TrainingJobStatus.COMPLETED);
        limited.create(spec("three", 1, Duration.ofDays(1)));
    }

    @Test
    void aDuplicateNameIsResourceInUseWithSageMakersText() {
        service.create(spec("dup", 1, Duration.ofDays(1)));
        assertThatThrownBy(() -> service.create(spec("DUP", 1, Duration.ofDays(1))))
                .isInstanceOfSatisfying(SageboxException.class, e -> {
                    assertThat(e.code().wireName()).isEqualTo("ResourceInUse");
                    assertThat(e.getMessage()).isEqualTo("Training job names must be unique within an AWS account and"
                            + " region, and a training job with this name already exists"
                            + " (arn:aws:sagemaker:us-east-1:123456789012:training-job/dup)");
                });
    }

    @Test
    void jobsBeyondCapacityWaitVisiblyAsPending() throws Exception {
        service.create(spec("big", 2, Duration.ofDays(1)));
        runner.started("big").get(10, TimeUnit.SECONDS);
        service.create(spec("waiting", 1, Duration.ofDays(1)));
        TrainingJob pending = awaitJob("waiting", j -> j.secondaryStatus() == SecondaryStatus.PENDING);
        assertThat(pending.status()).isEqualTo(TrainingJobStatus.IN_PROGRESS);

        runner.ending("big").complete(TrainingOutcome.completed());
        runner.started("waiting").get(10, TimeUnit.SECONDS);
        assertThat(runner.mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    void stopMovesToStoppingThenStopped() throws Exception {
        service.create(spec("stop-me", 1, Duration.ofDays(1)));
        runner.started("stop-me").get(10, TimeUnit.SECONDS);
        service.stop("stop-me");
        TrainingJob stopped = awaitJob("stop-me", j -> j.status() == TrainingJobStatus.STOPPED);
        assertThat(stopped.secondaryStatus()).isEqualTo(SecondaryStatus.STOPPED);
        assertThat(stopped.transitions()).extracting(StatusTransition::status).contains(SecondaryStatus.STOPPING);

        assertThatThrownBy(() -> service.stop("stop-me")).isInstanceOfSatisfying(SageboxException.class, e ->
                assertThat(e.getMessage()).isEqualTo("The request was rejected because the training job is in status"
                        + " Stopped."));
        assertThatThrownBy(() -> service.stop("never-was")).isInstanceOfSatisfying(SageboxException.class, e ->
                assertThat(e.getMessage()).isEqualTo("Requested resource not found."));
    }

    @Test
    void maxRuntimeStopsWithMaxRuntimeExceeded() {
        service.create(spec("slow", 1, Duration.ofMillis(300)));
        TrainingJob stopped = awaitJob("slow", j -> j.status() == TrainingJobStatus.STOPPED);
        assertThat(stopped.secondaryStatus()).isEqualTo(SecondaryStatus.MAX_RUNTIME_EXCEEDED);
    }

    @Test
    void aFailedRunKeepsItsReason() throws Exception {
        service.create(spec("fails", 1, Duration.ofDays(1)));
        runner.ending("fails").complete(TrainingOutcome.failed("AlgorithmError: boom"));
        TrainingJob failed = awaitJob("fails", j -> j.status() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).contains("AlgorithmError: boom");
    }

    static TrainingSpec withRetries(String name, int retries) {
        TrainingSpec s = spec(name, 1, Duration.ofDays(1));
        return new TrainingSpec(s.jobName(), s.jobArn(), s.algorithm(), s.roleArn(), s.hyperParameters(), s.channels(),
                s.s3OutputPath(), s.outputKmsKeyId(), s.instanceType(), s.instanceCount(), s.volumeSizeInGB(),
                s.maxRuntime(), s.environment(),
                new TrainingOptions(false, false, false, Optional.empty(), Optional.of(retries), Map.of()));
    }

    @Test
    void anInternalFailureIsRetriedVisiblyUpToMaximumRetryAttempts() throws Exception {
        runner.scripted.put("flaky", new java.util.ArrayDeque<>(List.of(
                TrainingOutcome.failed("InternalServerError: the container engine failed"),
                TrainingOutcome.failed("InternalServerError: the container engine failed again"))));
        service.create(withRetries("flaky", 2));
        runner.started("flaky").get(10, TimeUnit.SECONDS);
        runner.ending("flaky").complete(TrainingOutcome.completed());
        TrainingJob done = awaitJob("flaky", j -> j.status() == TrainingJobStatus.COMPLETED);
        assertThat(runner.runs.get("flaky")).hasValue(3);
        assertThat(done.transitions()).filteredOn(t -> t.statusMessage().startsWith(TrainingScheduler.RETRY_MESSAGE))
                .extracting(StatusTransition::status, StatusTransition::statusMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SecondaryStatus.STARTING, "Retrying the training job"
                                + " (retry 1 of 2) after an internal error: InternalServerError: the container engine"
                                + " failed"),
                        org.assertj.core.groups.Tuple.tuple(SecondaryStatus.STARTING, "Retrying the training job"
                                + " (retry 2 of 2) after an internal error: InternalServerError: the container engine"
                                + " failed again"));
    }

    @Test
    void retriesRunOutAndTheLastInternalFailureFailsTheJob() {
        runner.scripted.put("broken", new java.util.ArrayDeque<>(List.of(
                TrainingOutcome.failed("InternalServerError: one"), TrainingOutcome.failed("InternalServerError: two"))));
        service.create(withRetries("broken", 1));
        TrainingJob failed = awaitJob("broken", j -> j.status() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).contains("InternalServerError: two");
        assertThat(runner.runs.get("broken")).hasValue(2);
    }

    @Test
    void aFailureBeforeLeavingStartingIsStillRetriedOnlyAsOftenAsAllowed() {
        runner.failBeforeStatuses.add("early");
        runner.scripted.put("early", new java.util.ArrayDeque<>(List.of(TrainingOutcome.failed("InternalServerError: a"),
                TrainingOutcome.failed("InternalServerError: b"), TrainingOutcome.failed("InternalServerError: c"))));
        service.create(withRetries("early", 2));
        TrainingJob failed = awaitJob("early", j -> j.status() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).contains("InternalServerError: c");
        assertThat(runner.runs.get("early")).hasValue(3);
        assertThat(failed.transitions()).extracting(StatusTransition::status).containsExactly(SecondaryStatus.STARTING,
                SecondaryStatus.STARTING, SecondaryStatus.STARTING, SecondaryStatus.FAILED);
    }

    @Test
    void anAlgorithmErrorIsNeverRetried() {
        runner.scripted.put("bad-algo", new java.util.ArrayDeque<>(List.of(
                TrainingOutcome.failed("AlgorithmError: Exit Code: 1"))));
        service.create(withRetries("bad-algo", 5));
        TrainingJob failed = awaitJob("bad-algo", j -> j.status() == TrainingJobStatus.FAILED);
        assertThat(failed.failureReason()).contains("AlgorithmError: Exit Code: 1");
        assertThat(runner.runs.get("bad-algo")).hasValue(1);
    }

    @Test
    void withoutARetryStrategyAnInternalFailureFailsTheJob() {
        runner.scripted.put("once", new java.util.ArrayDeque<>(List.of(TrainingOutcome.failed("InternalServerError: x"))));
        service.create(spec("once", 1, Duration.ofDays(1)));
        awaitJob("once", j -> j.status() == TrainingJobStatus.FAILED);
        assertThat(runner.runs.get("once")).hasValue(1);
    }

    @Test
    void recoveryResumesUnfinishedJobs() throws Exception {
        repository.insertIfAbsent(TrainingJob.created(spec("orphan", 1, Duration.ofDays(1)),
                scope.arn(dev.sagebox.core.ResourceType.TRAINING_JOB, "orphan"), Instant.now()));
        assertThat(scheduler.recover()).isEqualTo(1);
        runner.started("orphan").get(10, TimeUnit.SECONDS);
        assertThat(runner.resumed).containsKey("orphan");
        runner.ending("orphan").complete(TrainingOutcome.completed());
        awaitJob("orphan", j -> j.status() == TrainingJobStatus.COMPLETED);
    }
}
