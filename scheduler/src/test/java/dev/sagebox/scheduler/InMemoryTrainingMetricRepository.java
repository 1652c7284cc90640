package dev.sagebox.scheduler;

import dev.sagebox.runner.MetricSample;
import java.util.ArrayList;
import java.util.List;

/** Metric samples in a list, with the size of every batch appended, for tests. */
final class InMemoryTrainingMetricRepository implements TrainingMetricRepository {
    final List<Integer> batches = new ArrayList<>();
    private final List<MetricSample> samples = new ArrayList<>();

    @Override
    public synchronized void append(String jobName, List<MetricSample> batch) {
        batches.add(batch.size());
        samples.addAll(batch);
    }

    @Override
    public synchronized List<MetricSample> samples(String jobName) {
        return List.copyOf(samples);
    }
}
