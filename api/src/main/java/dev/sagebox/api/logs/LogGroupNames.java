package dev.sagebox.api.logs;

import dev.sagebox.core.AwsScope;
import java.util.Optional;

/** Log group names and ARNs: a request names its group by {@code logGroupName} or by {@code logGroupIdentifier}. */
final class LogGroupNames {
    private static final String GROUP_MARK = ":log-group:";

    private final AwsScope scope;

    LogGroupNames(AwsScope scope) {
        this.scope = scope;
    }

    /** The group a request addresses; an identifier is a name or an ARN, with or without the trailing {@code :*}. */
    String resolve(Optional<String> logGroupName, Optional<String> logGroupIdentifier) {
        if (logGroupName.isPresent() && logGroupIdentifier.isPresent()) {
            throw LogsErrors.invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (logGroupName.isPresent()) {
            return logGroupName.get();
        }
        String identifier = logGroupIdentifier.orElseThrow(() -> LogsErrors.invalidParameter(
                "Should provide either a log group name or a log group ARN (logGroupName or logGroupIdentifier)."));
        int mark = identifier.startsWith("arn:") ? identifier.indexOf(GROUP_MARK) : -1;
        if (mark < 0) {
            return identifier;
        }
        String name = identifier.substring(mark + GROUP_MARK.length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /** {@code arn:aws:logs:<region>:<account>:log-group:<name>}, the form without {@code :*}. */
    String groupArn(String group) {
        return "arn:aws:logs:" + scope.region() + ":" + scope.accountId() + GROUP_MARK + group;
    }

    String streamArn(String group, String stream) {
        return groupArn(group) + ":log-stream:" + stream;
    }
}
