package dev.sagebox.scheduler;

import dev.sagebox.core.InMemoryListing;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.TrainingJobStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A hand-written in-memory training job repository, held to the H2 store by
 * {@link TrainingJobRepositoryContract}.
 */
final class InMemoryTrainingJobRepository implements TrainingJobRepository {
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();

    @Override
    public boolean insertIfAbsent(TrainingJob job) {
        return jobs.putIfAbsent(key(job.name()), job) == null;
    }

    @Override
    public Optional<TrainingJob> find(String name) {
        return Optional.ofNullable(jobs.get(key(name)));
    }

    @Override
    public Page<TrainingJob> list(ListQuery query) {
        return InMemoryListing.page(jobs.values(), query);
    }

    @Override
    public boolean delete(String name) {
        return jobs.remove(key(name)) != null;
    }

    @Override
    public synchronized Optional<TrainingJob> update(String name, UnaryOperator<TrainingJob> change) {
        TrainingJob current = jobs.get(key(name));
        if (current == null) {
            return Optional.empty();
        }
        TrainingJob next = change.apply(current);
        jobs.put(key(name), next);
        return Optional.of(next);
    }

    @Override
    public List<TrainingJob> unfinished() {
        return jobs.values().stream()
                .filter(j -> j.status() == TrainingJobStatus.IN_PROGRESS || j.status() == TrainingJobStatus.STOPPING)
                .toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
