package dev.sagebox.api.logs;

import dev.sagebox.api.logs.LogsWire.DescribeLogGroupsRequest;
import dev.sagebox.api.logs.LogsWire.DescribeLogGroupsResponse;
import dev.sagebox.api.logs.LogsWire.LogGroup;
import dev.sagebox.core.logs.LogGroupSummary;
import dev.sagebox.core.logs.LogStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** DescribeLogGroups: groups sorted by name, by prefix or by a case-insensitive name pattern, 50 a page. */
final class DescribeLogGroups {
    private static final int DEFAULT_LIMIT = 50;

    private final LogStore store;
    private final LogGroupNames names;

    DescribeLogGroups(LogStore store, LogGroupNames names) {
        this.store = store;
        this.names = names;
    }

    DescribeLogGroupsResponse describe(DescribeLogGroupsRequest request) {
        if (request.logGroupNamePrefix().isPresent() && request.logGroupNamePattern().isPresent()) {
            throw LogsErrors.invalidParameter(
                    "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        String prefix = request.logGroupNamePrefix().orElse("");
        String pattern = request.logGroupNamePattern().orElse("").toLowerCase(Locale.ROOT);
        List<LogGroupSummary> groups = store.groups().stream()
                .filter(g -> g.name().startsWith(prefix))
                .filter(g -> g.name().toLowerCase(Locale.ROOT).contains(pattern))
                .toList();
        int from = Math.min(PageToken.offset(request.nextToken()), groups.size());
        int to = Math.min(groups.size(), from + request.limit().orElse(DEFAULT_LIMIT));
        List<LogGroup> page = groups.subList(from, to).stream().map(this::wire).toList();
        return new DescribeLogGroupsResponse(page,
                to < groups.size() ? Optional.of(PageToken.of(to)) : Optional.empty());
    }

    private LogGroup wire(LogGroupSummary group) {
        String arn = names.groupArn(group.name());
        return new LogGroup(group.name(), group.creationTime().toEpochMilli(), 0, arn + ":*", group.storedBytes(),
                "STANDARD", arn);
    }
}
