package dev.sagebox.core;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The List engine of the in-memory repositories: the filters, order and keyset pages the H2 store serves, held to it
 * by {@link ResourceRepositoryContract}.
 */
public final class InMemoryListing {
    private static final char SEP = '\u0001';

    private InMemoryListing() {
    }

    /** One page of {@code all} as {@code query} asks. */
    public static <T extends Resource> Page<T> page(Collection<T> all, ListQuery query) {
        Comparator<T> order = Comparator.comparing((T r) -> sortValue(r, query.sortBy()), (a, b) -> compare(a, b, query.sortBy()))
                .thenComparing(r -> key(r.name()));
        if (query.sortOrder() == SortOrder.DESCENDING) {
            order = order.reversed();
        }
        Predicate<T> after = r -> true;
        int hash = queryHash(query);
        if (query.nextToken().isPresent()) {
            String[] cursor = decode(query.nextToken().get(), hash);
            boolean asc = query.sortOrder() == SortOrder.ASCENDING;
            after = r -> {
                int bySort = compare(sortValue(r, query.sortBy()), cursor[0], query.sortBy());
                int c = bySort != 0 ? bySort : key(r.name()).compareTo(cursor[1]);
                return asc ? c > 0 : c < 0;
            };
        }
        List<T> matching = all.stream().filter(r -> matches(r, query)).filter(after).sorted(order).toList();
        if (matching.size() <= query.maxResults()) {
            return new Page<>(matching, Optional.empty());
        }
        List<T> items = matching.subList(0, query.maxResults());
        T last = items.get(items.size() - 1);
        return new Page<>(items, Optional.of(encode(hash, sortValue(last, query.sortBy()), key(last.name()))));
    }

    private static boolean matches(Resource r, ListQuery q) {
        return q.nameContains().map(s -> key(r.name()).contains(s.toLowerCase(Locale.ROOT))).orElse(true)
                && q.creationTimeAfter().map(t -> r.creationTime().toEpochMilli() > t.toEpochMilli()).orElse(true)
                && q.creationTimeBefore().map(t -> r.creationTime().toEpochMilli() < t.toEpochMilli()).orElse(true)
                && q.lastModifiedTimeAfter().map(t -> r.lastModifiedTime().toEpochMilli() > t.toEpochMilli())
                        .orElse(true)
                && q.lastModifiedTimeBefore().map(t -> r.lastModifiedTime().toEpochMilli() < t.toEpochMilli())
                        .orElse(true)
                && q.statusEquals().map(s -> r.statusName().map(s::equals).orElse(false)).orElse(true);
    }

    /** As the store keeps it: epoch millis for times, the lower-cased name, the status or "". */
    private static String sortValue(Resource r, SortField by) {
        return switch (by) {
            case NAME -> key(r.name());
            case CREATION_TIME -> Long.toString(r.creationTime().toEpochMilli());
            case STATUS -> r.statusName().orElse("");
        };
    }

    /** Times compare as numbers, names and statuses as text. */
    private static int compare(String a, String b, SortField by) {
        if (by == SortField.CREATION_TIME) {
            try {
                return Long.compare(Long.parseLong(a), Long.parseLong(b));
            } catch (NumberFormatException e) {
                throw invalid();
            }
        }
        return a.compareTo(b);
    }

    private static int queryHash(ListQuery q) {
        return Objects.hash(q.nameContains(), q.creationTimeAfter().map(Instant::toEpochMilli),
                q.creationTimeBefore().map(Instant::toEpochMilli), q.lastModifiedTimeAfter().map(Instant::toEpochMilli),
                q.lastModifiedTimeBefore().map(Instant::toEpochMilli), q.statusEquals(), q.sortBy(), q.sortOrder());
    }

    private static String encode(int hash, String sortValue, String nameKey) {
        String raw = hash + String.valueOf(SEP) + sortValue + SEP + nameKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token, int hash) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int a = raw.indexOf(SEP);
            int b = raw.indexOf(SEP, a + 1);
            if (a < 0 || b < 0 || Integer.parseInt(raw.substring(0, a)) != hash) {
                throw invalid();
            }
            return new String[] {raw.substring(a + 1, b), raw.substring(b + 1)};
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return validation("The NextToken is not valid for this request. Repeat the same filters and sort order"
                + " that produced it.");
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
