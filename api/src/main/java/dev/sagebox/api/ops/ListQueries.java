package dev.sagebox.api.ops;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import java.util.Optional;

/**
 * Turns a List operation's wire input into the shared {@link ListQuery}, applying that operation's documented
 * defaults (contract section 4). Enum values were already checked against the model.
 */
public record ListQueries(SortField defaultSortBy, SortOrder defaultSortOrder, int defaultMaxResults) {
    /** ListModels, ListEndpointConfigs, ListEndpoints: newest first, 10 a page. */
    public static final ListQueries NEWEST_FIRST = new ListQueries(SortField.CREATION_TIME, SortOrder.DESCENDING, 10);
    /** ListNotebookInstances: by name, ascending. */
    public static final ListQueries BY_NAME = new ListQueries(SortField.NAME, SortOrder.ASCENDING, 10);

    public ListQuery toQuery(ListRequest r) {
        SortField sortBy = r.sortBy() == null ? defaultSortBy : switch (r.sortBy()) {
            case "Name" -> SortField.NAME;
            case "Status" -> SortField.STATUS;
            default -> SortField.CREATION_TIME;
        };
        SortOrder order = r.sortOrder() == null ? defaultSortOrder
                : "Ascending".equals(r.sortOrder()) ? SortOrder.ASCENDING : SortOrder.DESCENDING;
        return new ListQuery(
                Optional.ofNullable(r.nameContains()),
                Optional.ofNullable(r.creationTimeAfter()),
                Optional.ofNullable(r.creationTimeBefore()),
                Optional.ofNullable(r.lastModifiedTimeAfter()),
                Optional.ofNullable(r.lastModifiedTimeBefore()),
                Optional.ofNullable(r.statusEquals()),
                sortBy,
                order,
                r.maxResults() == null ? defaultMaxResults : r.maxResults(),
                Optional.ofNullable(r.nextToken()));
    }
}
