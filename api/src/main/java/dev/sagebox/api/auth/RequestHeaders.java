package dev.sagebox.api.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's headers looked up by case-insensitive name, every received value in arrival order. A functional
 * interface so the server can hand over a view of its own header map instead of copying it on every request.
 */
@FunctionalInterface
public interface RequestHeaders {
    /** All values received under {@code name} (any letter case); empty when the header is absent. */
    List<String> values(String name);

    /** A copy of {@code headers} whose names compare case-insensitively. */
    static RequestHeaders of(Map<String, ? extends Collection<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), RequestHeaders::concat));
        return name -> copy.getOrDefault(name, List.of());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
