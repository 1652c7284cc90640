package dev.sagebox.scheduler;

import dev.sagebox.runner.MetricSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one running job's metric samples: each metric's last value goes to the job's FinalMetricDataList, every
 * sample to the time series. Samples arrive on log threads, one per matching line, so nothing is written per sample:
 * {@link #flush()} (called at most once a second and at the end) writes the job record and the buffered series. The
 * buffer is bounded: when it fills, the sample that fills it writes the series out at once.
 */
final class MetricRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRecorder.class);
    static final int MAX_BUFFERED = 2_000;

    private final String jobName;
    private final TrainingJobRepository jobs;
    private final TrainingMetricRepository series;
    private final int maxBuffered;
    private final Map<String, FinalMetricData> latest = new LinkedHashMap<>();
    private List<MetricSample> buffer = new ArrayList<>();
    private boolean changed;
    private final Object writing = new Object();

    /** @param known the job's FinalMetricDataList so far: a job resumed after a restart keeps what it had shown */
    MetricRecorder(String jobName, TrainingJobRepository jobs, TrainingMetricRepository series,
            List<FinalMetricData> known) {
        this(jobName, jobs, series, known, MAX_BUFFERED);
    }

    MetricRecorder(String jobName, TrainingJobRepository jobs, TrainingMetricRepository series,
            List<FinalMetricData> known, int maxBuffered) {
        this.jobName = jobName;
        this.jobs = jobs;
        this.series = series;
        this.maxBuffered = maxBuffered;
        known.forEach(m -> latest.put(m.metricName(), m));
    }

    /** One sample; the newest timestamp wins, and of equal ones the later heard (lines of several hosts interleave). */
    void accept(MetricSample sample) {
        List<MetricSample> full = null;
        synchronized (this) {
            FinalMetricData last = latest.get(sample.metricName());
            if (last == null || !sample.timestamp().isBefore(last.timestamp())) {
                latest.put(sample.metricName(),
                        new FinalMetricData(sample.metricName(), sample.value(), sample.timestamp()));
                changed = true;
            }
            buffer.add(sample);
            if (buffer.size() >= maxBuffered) {
                full = takeBuffer();
            }
        }
        if (full != null) {
            append(full);
        }
    }

    /** Writes the last values into the job record (when they changed) and the buffered samples into the series. */
    void flush() {
        // One flush at a time, so a late periodic flush cannot overwrite the final one with older values; samples
        // keep arriving meanwhile, as they take only the buffer's lock.
        synchronized (writing) {
            List<FinalMetricData> values;
            List<MetricSample> samples;
            synchronized (this) {
                values = changed ? List.copyOf(latest.values()) : null;
                changed = false;
                samples = takeBuffer();
            }
            append(samples);
            if (values != null) {
                jobs.update(jobName, j -> j.withFinalMetrics(values));
            }
        }
    }

    private List<MetricSample> takeBuffer() {
        List<MetricSample> taken = buffer;
        buffer = new ArrayList<>();
        return taken;
    }

    private void append(List<MetricSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        try {
            series.append(jobName, samples);
        } catch (RuntimeException e) {
            // The series feeds charts; losing a batch must not fail the job or its FinalMetricDataList.
            LOG.warn("could not store {} metric samples of training job {}: {}", samples.size(), jobName, e.toString());
        }
    }
}
