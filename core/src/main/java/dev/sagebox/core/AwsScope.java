package dev.sagebox.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The account and region this Sagebox answers as; makes the ARNs of its resources. */
public record AwsScope(String region, String accountId) {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");

    public AwsScope {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must match [a-z0-9-]+: " + region);
        }
    }

    /**
     * The bucket the SageMaker Python SDK names its default after ({@code sagemaker-<region>-<account>}), so a
     * {@code Session()} without {@code default_bucket} finds one.
     */
    public String defaultBucket() {
        return "sagemaker-" + region + "-" + accountId;
    }

    /**
     * The execution role every key Sagebox accepts acts as (STS answers a session of it, as in a SageMaker notebook),
     * and the role {@code ./sagebox sdk-env} names in the SDK's defaults.
     */
    public static final String EXECUTION_ROLE = "SageboxRole";

    /** {@code arn:aws:iam::<account>:role/<name>}. */
    public String roleArn(String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    /** The ARN of a resource; names are lower-cased inside ARNs as SageMaker does. */
    public Arn arn(ResourceType type, String name) {
        return new Arn(region, accountId, type, name.toLowerCase(Locale.ROOT));
    }
}
