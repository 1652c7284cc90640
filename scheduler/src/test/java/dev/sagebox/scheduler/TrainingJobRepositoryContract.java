package dev.sagebox.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.Arn;
import dev.sagebox.core.ResourceRepositoryContract;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.AlgorithmSpec;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.TrainingOptions;
import dev.sagebox.runner.TrainingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TrainingJobRepository} does, run against the in-memory double here and against the H2 repository
 * in the api module.
 */
public abstract class TrainingJobRepositoryContract extends ResourceRepositoryContract<TrainingJob> {
    @Override
    protected abstract TrainingJobRepository repository();

    @Override
    protected TrainingJob created(String name, Instant created) {
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:training-job/" + name.toLowerCase(Locale.ROOT);
        TrainingSpec spec = new TrainingSpec(name, arn,
                new AlgorithmSpec("img:1", ChannelInputMode.FILE, Optional.empty(), Optional.empty()),
                "arn:aws:iam::123456789012:role/R", Map.of("epochs", "3"), List.of(), "s3://b/out", Optional.empty(),
                "ml.m5.large", 1, 1, Duration.ofDays(1), Map.of(), TrainingOptions.DEFAULTS);
        return TrainingJob.created(spec, Arn.parse(arn).orElseThrow(), created);
    }

    @Override
    protected TrainingJob moved(TrainingJob job, Instant now) {
        return job.moved(TrainingJobStatus.COMPLETED, SecondaryStatus.COMPLETED, "Training job completed",
                Optional.empty(), now);
    }

    @Test
    void unfinishedJobsAreThoseInProgressOrStopping() {
        TrainingJobRepository jobs = (TrainingJobRepository) store();
        TrainingJob running = created("running", T0);
        TrainingJob stopping = created("stopping", T0.plusSeconds(1));
        jobs.insertIfAbsent(running);
        jobs.insertIfAbsent(stopping);
        jobs.update("stopping", j -> j.moved(TrainingJobStatus.STOPPING, SecondaryStatus.STOPPING, "Stopping",
                Optional.empty(), T0.plusSeconds(2)));
        for (TrainingJobStatus end : List.of(TrainingJobStatus.COMPLETED, TrainingJobStatus.FAILED,
                TrainingJobStatus.STOPPED)) {
            String name = "ended-" + end.wireName();
            jobs.insertIfAbsent(created(name, T0.plusSeconds(3)));
            jobs.update(name, j -> j.moved(end, SecondaryStatus.valueOf(end.name()), "ended",
                    Optional.empty(), T0.plusSeconds(4)));
        }

        assertThat(jobs.unfinished()).extracting(TrainingJob::name).containsExactlyInAnyOrder("running", "stopping");
        assertThat(jobs.unfinished()).filteredOn(j -> j.name().equals("stopping")).singleElement()
                .satisfies(j -> assertThat(j.status()).isEqualTo(TrainingJobStatus.STOPPING));
    }
}
