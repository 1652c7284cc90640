package dev.sagebox.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A SageMaker resource ARN: {@code arn:aws:sagemaker:{region}:{account}:{type}/{name}}. */
public record Arn(String region, String accountId, ResourceType type, String resourceName) {
    private static final Pattern FORM =
            Pattern.compile("arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):([0-9]{12}):([a-z-]+)/(.+)");

    public Arn {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resourceName, "resourceName");
    }

    /** Parses an ARN of one of the served resource types; resource names compare case-insensitively. */
    public static Optional<Arn> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return ResourceType.fromArnSegment(m.group(3))
                .map(t -> new Arn(m.group(1), m.group(2), t, m.group(4).toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return "arn:aws:sagemaker:" + region + ":" + accountId + ":" + type.arnSegment() + "/" + resourceName;
    }
}
