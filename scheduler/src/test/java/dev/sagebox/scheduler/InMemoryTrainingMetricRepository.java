package dev.sagebox.scheduler;

import dev.sagebox.runner.MetricSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metric samples in lists per job (names case-insensitive, as the H2 store keeps them), with the size of every batch
 * appended, for tests; held to the real store by {@link TrainingMetricRepositoryContract}.
 */
final class InMemoryTrainingMetricRepository implements TrainingMetricRepository {
    final List<Integer> batches = new ArrayList<>();
    private final Map<String, List<MetricSample>> samples = new LinkedHashMap<>();

    @Override
    public synchronized void append(String jobName, List<MetricSample> batch) {
        batches.add(batch.size());
        samples.computeIfAbsent(jobName.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(batch);
    }

    @Override
    public synchronized List<MetricSample> samples(String jobName) {
        return List.copyOf(samples.getOrDefault(jobName.toLowerCase(Locale.ROOT), List.of()));
    }
}
