package dev.sagebox.api.logs;

import java.util.List;
import java.util.Optional;

/** CloudWatch Logs' request and response members (botocore model {@code logs} 2014-03-28); times in epoch ms. */
final class LogsWire {
    private LogsWire() {
    }

    record DescribeLogGroupsRequest(Optional<String> logGroupNamePrefix, Optional<String> logGroupNamePattern,
            Optional<Integer> limit, Optional<String> nextToken) {
    }

    record LogGroup(String logGroupName, long creationTime, int metricFilterCount, String arn, long storedBytes,
            String logGroupClass, String logGroupArn) {
    }

    record DescribeLogGroupsResponse(List<LogGroup> logGroups, Optional<String> nextToken) {
    }

    record DescribeLogStreamsRequest(Optional<String> logGroupName, Optional<String> logGroupIdentifier,
            Optional<String> logStreamNamePrefix, Optional<String> orderBy, Optional<Boolean> descending,
            Optional<Integer> limit, Optional<String> nextToken) {
    }

    record LogStream(String logStreamName, long creationTime, Optional<Long> firstEventTimestamp,
            Optional<Long> lastEventTimestamp, long lastIngestionTime, String arn) {
    }

    record DescribeLogStreamsResponse(List<LogStream> logStreams, Optional<String> nextToken) {
    }

    record GetLogEventsRequest(Optional<String> logGroupName, Optional<String> logGroupIdentifier,
            String logStreamName, Optional<Long> startTime, Optional<Long> endTime, Optional<String> nextToken,
            Optional<Integer> limit, Optional<Boolean> startFromHead) {
    }

    record OutputLogEvent(long timestamp, String message, long ingestionTime) {
    }

    record GetLogEventsResponse(List<OutputLogEvent> events, String nextForwardToken, String nextBackwardToken) {
    }

    record FilterLogEventsRequest(Optional<String> logGroupName, Optional<String> logGroupIdentifier,
            Optional<List<String>> logStreamNames, Optional<String> logStreamNamePrefix, Optional<Long> startTime,
            Optional<Long> endTime, Optional<String> filterPattern, Optional<String> nextToken,
            Optional<Integer> limit) {
    }

    record FilteredLogEvent(String logStreamName, long timestamp, String message, long ingestionTime,
            String eventId) {
    }

    record FilterLogEventsResponse(List<FilteredLogEvent> events, Optional<String> nextToken) {
    }
}
