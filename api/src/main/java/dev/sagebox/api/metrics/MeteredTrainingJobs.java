package dev.sagebox.api.metrics;

import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.scheduler.TrainingJob;
import dev.sagebox.scheduler.TrainingJobRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The training job records, observed: every job that reaches Completed, Failed or Stopped is timed into
 * {@code sagebox_training_job_seconds{status}} (from its training start, else its creation, to its end). Seeing it
 * here, where every status change is written, needs nothing from the scheduler.
 */
public final class MeteredTrainingJobs implements TrainingJobRepository {
    private final TrainingJobRepository records;
    private final MeterRegistry registry;

    public MeteredTrainingJobs(TrainingJobRepository records, MeterRegistry registry) {
        this.records = records;
        this.registry = registry;
    }

    @Override
    public Optional<TrainingJob> update(String name, UnaryOperator<TrainingJob> change) {
        AtomicReference<TrainingJob> before = new AtomicReference<>();
        Optional<TrainingJob> after = records.update(name, current -> {
            before.set(current);
            return change.apply(current);
        });
        after.ifPresent(job -> {
            TrainingJob previous = before.get();
            if (job.status().isTerminal() && previous != null && !previous.status().isTerminal()) {
                Instant start = job.trainingStartTime().orElse(job.creationTime());
                Instant end = job.trainingEndTime().orElse(job.lastModifiedTime());
                Timer.builder("sagebox.training.job").description("Training jobs' run time, by how they ended")
                        .tag("status", job.status().wireName())
                        .serviceLevelObjectives(buckets())
                        .register(registry)
                        .record(Duration.between(start, end).isNegative() ? Duration.ZERO : Duration.between(start, end));
            }
        });
        return after;
    }

    /** From seconds to a day: training jobs are long, a percentile histogram's default buckets stop at 30 s. */
    private static Duration[] buckets() {
        long[] seconds = {1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400};
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofSeconds(seconds[i]);
        }
        return out;
    }

    @Override
    public List<TrainingJob> unfinished() {
        return records.unfinished();
    }

    @Override
    public boolean insertIfAbsent(TrainingJob resource) {
        return records.insertIfAbsent(resource);
    }

    @Override
    public Optional<TrainingJob> find(String name) {
        return records.find(name);
    }

    @Override
    public Page<TrainingJob> list(ListQuery query) {
        return records.list(query);
    }

    @Override
    public boolean delete(String name) {
        return records.delete(name);
    }
}
