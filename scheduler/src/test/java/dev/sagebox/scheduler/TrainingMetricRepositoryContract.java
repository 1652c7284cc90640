package dev.sagebox.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.runner.MetricSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TrainingMetricRepository} does, run against the in-memory double here and against the H2
 * repository in the api module, so the double cannot drift from the real store.
 */
public abstract class TrainingMetricRepositoryContract {
    static final Instant T0 = Instant.parse("2026-12-03T06:00:00.123Z");

    /** A fresh, empty repository. */
    protected abstract TrainingMetricRepository repository();

    @Test
    void samplesAreKeptPerJobCaseInsensitivelyInTheOrderAppended() {
        TrainingMetricRepository metrics = repository();
        MetricSample a = new MetricSample("algo-1", "train:loss", T0, 0.5);
        MetricSample b = new MetricSample("algo-2", "train:loss", T0.plusMillis(1), 0.25);
        MetricSample c = new MetricSample("algo-1", "acc", T0.plusSeconds(1), 1e-300);
        metrics.append("Job-1", List.of(a, b));
        metrics.append("other", List.of(new MetricSample("algo-1", "x", T0, 1)));
        metrics.append("job-1", List.of(c));
        assertThat(metrics.samples("JOB-1")).containsExactly(a, b, c);
        assertThat(metrics.samples("none")).isEmpty();
    }
}
