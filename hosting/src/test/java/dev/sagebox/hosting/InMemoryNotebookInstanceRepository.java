package dev.sagebox.hosting;

import dev.sagebox.core.InMemoryListing;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A hand-written in-memory notebook repository, held to the H2 store by
 * {@link NotebookInstanceRepositoryContract}.
 */
final class InMemoryNotebookInstanceRepository implements NotebookInstanceRepository {
    private final Map<String, NotebookInstance> notebooks = new ConcurrentHashMap<>();

    @Override
    public boolean insertIfAbsent(NotebookInstance notebook) {
        return notebooks.putIfAbsent(key(notebook.name()), notebook) == null;
    }

    @Override
    public Optional<NotebookInstance> find(String name) {
        return Optional.ofNullable(notebooks.get(key(name)));
    }

    @Override
    public Page<NotebookInstance> list(ListQuery query) {
        return InMemoryListing.page(notebooks.values(), query);
    }

    @Override
    public boolean delete(String name) {
        return notebooks.remove(key(name)) != null;
    }

    @Override
    public synchronized Optional<NotebookInstance> update(String name, UnaryOperator<NotebookInstance> change) {
        NotebookInstance current = notebooks.get(key(name));
        if (current == null) {
            return Optional.empty();
        }
        NotebookInstance next = change.apply(current);
        notebooks.put(key(name), next);
        return Optional.of(next);
    }

    @Override
    public List<NotebookInstance> all() {
        return List.copyOf(notebooks.values());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
