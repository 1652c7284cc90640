package dev.sagebox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceRepository} does, whatever it stores: run against the in-memory doubles of the modules
 * that own the ports and against the H2 repositories in the api module, so the doubles cannot drift from the real
 * store. Subclasses say how to make a resource of their type.
 */
public abstract class ResourceRepositoryContract<T extends Resource> {
    protected static final Instant T0 = Instant.parse("2026-12-03T06:00:00.123Z");

    private ResourceRepository<T> repository;

    /** A fresh, empty repository. */
    protected abstract ResourceRepository<T> repository();

    /** A new resource named {@code name}, created (and last modified) at {@code created}, in its first status. */
    protected abstract T created(String name, Instant created);

    /** {@code resource} moved at {@code now} to a status other than its first one. */
    protected abstract T moved(T resource, Instant now);

    @BeforeEach
    void freshRepository() {
        repository = repository();
    }

    /** The repository this test uses. */
    protected ResourceRepository<T> store() {
        return repository;
    }

    @Test
    void findsWhatWasInsertedWhateverTheCaseOfItsName() {
        T job = created("Res-One", T0);

        assertThat(repository.insertIfAbsent(job)).isTrue();

        assertThat(repository.find("Res-One")).contains(job);
        assertThat(repository.find("res-one")).contains(job);
        assertThat(repository.find("RES-ONE")).contains(job);
        assertThat(repository.find("res-two")).isEmpty();
    }

    @Test
    void aNameIsTakenWhateverItsCase() {
        T first = created("Taken", T0);
        repository.insertIfAbsent(first);

        assertThat(repository.insertIfAbsent(created("taken", T0.plusSeconds(1)))).isFalse();
        assertThat(repository.insertIfAbsent(created("Taken", T0.plusSeconds(2)))).isFalse();

        assertThat(repository.find("taken")).contains(first);
    }

    @Test
    void deletesOnceWhateverTheCase() {
        repository.insertIfAbsent(created("Doomed", T0));

        assertThat(repository.delete("DOOMED")).isTrue();
        assertThat(repository.delete("doomed")).isFalse();
        assertThat(repository.find("Doomed")).isEmpty();
        assertThat(repository.insertIfAbsent(created("doomed", T0))).isTrue();
    }

    @Test
    void updateStoresAndReturnsTheChangedRecord() {
        T before = created("Changing", T0);
        repository.insertIfAbsent(before);
        T after = moved(before, T0.plusSeconds(5));

        assertThat(repository.update("changing", current -> {
            assertThat(current).isEqualTo(before);
            return after;
        })).contains(after);

        assertThat(repository.find("Changing")).contains(after);
    }

    @Test
    void updatingAnAbsentRecordChangesNothing() {
        List<T> seen = new ArrayList<>();
        assertThat(repository.update("absent", current -> {
            seen.add(current);
            return current;
        })).isEmpty();
        assertThat(seen).isEmpty();
        assertThat(repository.find("absent")).isEmpty();
    }

    @Test
    void aChangeThatThrowsLeavesTheRecordUntouched() {
        T before = created("Kept", T0);
        repository.insertIfAbsent(before);

        assertThatThrownBy(() -> repository.update("Kept", current -> {
            throw new IllegalStateException("cannot move");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot move");

        assertThat(repository.find("Kept")).contains(before);
    }

    @Test
    void listsNewestFirstByDefault() {
        insert("b-middle", 20);
        insert("a-oldest", 10);
        insert("c-newest", 30);

        assertThat(names(repository.list(ListQuery.all(100)))).containsExactly("c-newest", "b-middle", "a-oldest");
    }

    @Test
    void sortsByNameOrCreationTimeEitherWay() {
        insert("Bravo", 10);
        insert("alpha", 30);
        insert("charlie", 20);

        assertThat(names(repository.list(query(SortField.NAME, SortOrder.ASCENDING, 100))))
                .containsExactly("alpha", "Bravo", "charlie");
        assertThat(names(repository.list(query(SortField.NAME, SortOrder.DESCENDING, 100))))
                .containsExactly("charlie", "Bravo", "alpha");
        assertThat(names(repository.list(query(SortField.CREATION_TIME, SortOrder.ASCENDING, 100))))
                .containsExactly("Bravo", "charlie", "alpha");
    }

    @Test
    void pagesThroughEverythingOnceWithTokens() {
        for (int i = 0; i < 7; i++) {
            insert("page-" + i, i % 3); // equal creation times: the name breaks the tie
        }
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            Page<T> page = repository.list(withToken(query(SortField.CREATION_TIME, SortOrder.DESCENDING, 3), token));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(names(page));
            token = page.nextToken();
            pages++;
        } while (token.isPresent() && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page-5", "page-2", "page-4", "page-1", "page-6", "page-3", "page-0");
    }

    @Test
    void aFullLastPageHasNoToken() {
        insert("one", 1);
        insert("two", 2);

        Page<T> page = repository.list(query(SortField.NAME, SortOrder.ASCENDING, 2));

        assertThat(names(page)).containsExactly("one", "two");
        assertThat(page.nextToken()).isEmpty();
    }

    @Test
    void filtersByNameCaseInsensitivelyAndByExclusiveTimeBounds() {
        insert("Train-A", 10);
        insert("train-b", 20);
        insert("other", 30);

        assertThat(names(repository.list(named("RAIN")))).containsExactly("train-b", "Train-A");
        ListQuery window = new ListQuery(Optional.empty(), Optional.of(at(10)), Optional.of(at(30)), Optional.empty(),
                Optional.empty(), Optional.empty(), SortField.NAME, SortOrder.ASCENDING, 100, Optional.empty());
        assertThat(names(repository.list(window))).containsExactly("train-b");
    }

    @Test
    void filtersByStatusAndLastModifiedTime() {
        T moved = moved(insert("moved", 10), at(50));
        repository.update("moved", current -> moved);
        insert("still", 20);
        String status = moved.statusName().orElseThrow();

        ListQuery byStatus = new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(status), SortField.NAME, SortOrder.ASCENDING, 100, Optional.empty());
        assertThat(names(repository.list(byStatus))).containsExactly("moved");
        ListQuery modified = new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at(20)),
                Optional.empty(), Optional.empty(), SortField.NAME, SortOrder.ASCENDING, 100, Optional.empty());
        assertThat(names(repository.list(modified))).containsExactly("moved");
        ListQuery before = new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(at(50)), Optional.empty(), SortField.NAME, SortOrder.ASCENDING, 100, Optional.empty());
        assertThat(names(repository.list(before))).containsExactly("still");
    }

    @Test
    void aTokenOfAnotherQueryIsRefused() {
        insert("x1", 1);
        insert("x2", 2);
        String token = repository.list(query(SortField.NAME, SortOrder.ASCENDING, 1)).nextToken().orElseThrow();

        assertThatThrownBy(() -> repository.list(withToken(query(SortField.NAME, SortOrder.DESCENDING, 1),
                Optional.of(token)))).isInstanceOf(SageboxException.class)
                .extracting(e -> ((SageboxException) e).code()).isEqualTo(ErrorCode.VALIDATION_EXCEPTION);
        assertThatThrownBy(() -> repository.list(withToken(query(SortField.NAME, SortOrder.ASCENDING, 1),
                Optional.of("not-a-token")))).isInstanceOf(SageboxException.class);
    }

    private T insert(String name, int second) {
        T resource = created(name, at(second));
        assertThat(repository.insertIfAbsent(resource)).isTrue();
        return resource;
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private static ListQuery query(SortField by, SortOrder order, int max) {
        return new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), by, order, max, Optional.empty());
    }

    private static ListQuery named(String part) {
        return new ListQuery(Optional.of(part), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), SortField.CREATION_TIME, SortOrder.DESCENDING, 100, Optional.empty());
    }

    private static ListQuery withToken(ListQuery q, Optional<String> token) {
        return new ListQuery(q.nameContains(), q.creationTimeAfter(), q.creationTimeBefore(),
                q.lastModifiedTimeAfter(), q.lastModifiedTimeBefore(), q.statusEquals(), q.sortBy(), q.sortOrder(),
                q.maxResults(), token);
    }

    private List<String> names(Page<T> page) {
        return page.items().stream().map(Resource::name).toList();
    }
}
