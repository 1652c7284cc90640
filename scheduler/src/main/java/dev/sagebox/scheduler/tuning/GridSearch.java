package dev.sagebox.scheduler.tuning;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Strategy Grid: every combination of the categorical values, each exactly once, in order. */
public final class GridSearch implements SearchStrategy {
    private final List<Map<String, String>> grid;

    public GridSearch(ParameterSpace space) {
        this.grid = space.grid();
    }

    @Override
    public Optional<Map<String, String>> next(List<Trial> trials) {
        Set<Map<String, String>> tried = new HashSet<>();
        trials.forEach(t -> tried.add(t.hyperParameters()));
        return grid.stream().filter(combination -> !tried.contains(Map.copyOf(combination))).findFirst();
    }
}
