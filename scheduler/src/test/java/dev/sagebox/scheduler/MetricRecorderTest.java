package dev.sagebox.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.Arn;
import dev.sagebox.runner.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricRecorderTest {
    static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");

    final InMemoryTrainingJobRepository jobs = new InMemoryTrainingJobRepository();
    final InMemoryTrainingMetricRepository series = new InMemoryTrainingMetricRepository();
    final MetricRecorder recorder = new MetricRecorder("job", jobs, series, List.of(), 3);

    MetricRecorderTest() {
        jobs.insertIfAbsent(TrainingJob.created(TrainingSchedulerTest.spec("job", 2, Duration.ofHours(1)),
                Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:training-job/job").orElseThrow(), T0));
    }

    static MetricSample sample(String host, String metric, int second, double value) {
        return new MetricSample(host, metric, T0.plusSeconds(second), value);
    }

    TrainingJob job() {
        return jobs.find("job").orElseThrow();
    }

    @Test
    void nothingIsWrittenUntilAFlushAndThenEachMetricsLastValue() {
        recorder.accept(sample("algo-1", "loss", 1, 0.5));
        recorder.accept(sample("algo-1", "acc", 1, 0.7));
        assertThat(job().finalMetricDataList()).isEmpty();
        assertThat(series.samples("job")).isEmpty();

        recorder.accept(sample("algo-1", "loss", 2, 0.25));
        recorder.flush();
        assertThat(job().finalMetricDataList()).containsExactly(
                new FinalMetricData("loss", 0.25, T0.plusSeconds(2)),
                new FinalMetricData("acc", 0.7, T0.plusSeconds(1)));
        assertThat(job().lastModifiedTime()).isEqualTo(T0);
    }

    @Test
    void theNewestTimestampWinsAcrossHosts() {
        recorder.accept(sample("algo-2", "loss", 5, 0.1));
        recorder.accept(sample("algo-1", "loss", 4, 0.9));
        recorder.accept(sample("algo-1", "loss", 5, 0.2));
        recorder.flush();
        assertThat(job().finalMetricDataList()).containsExactly(new FinalMetricData("loss", 0.2, T0.plusSeconds(5)));
    }

    @Test
    void everySampleReachesTheSeriesInBoundedBatches() {
        for (int i = 0; i < 7; i++) {
            recorder.accept(sample("algo-1", "loss", i, i));
        }
        assertThat(series.batches).containsExactly(3, 3);
        recorder.flush();
        assertThat(series.batches).containsExactly(3, 3, 1);
        assertThat(series.samples("job")).extracting(MetricSample::value)
                .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    }

    @Test
    void aResumedJobKeepsTheValuesItHadShown() {
        MetricRecorder resumed = new MetricRecorder("job", jobs, series,
                List.of(new FinalMetricData("acc", 0.5, T0), new FinalMetricData("loss", 0.9, T0)), 3);
        resumed.accept(sample("algo-1", "loss", 9, 0.1));
        resumed.flush();
        assertThat(job().finalMetricDataList()).containsExactly(new FinalMetricData("acc", 0.5, T0),
                new FinalMetricData("loss", 0.1, T0.plusSeconds(9)));
    }

    @Test
    void aFlushWithNothingNewWritesNothing() {
        recorder.flush();
        assertThat(series.batches).isEmpty();
        assertThat(job().finalMetricDataList()).isEmpty();
    }
}
