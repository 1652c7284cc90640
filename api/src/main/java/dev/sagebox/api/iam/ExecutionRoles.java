package dev.sagebox.api.iam;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles of this account as IAM shows them. Sagebox keeps no role records: a role is the name a SageMaker resource
 * records, so every well-formed role name of the configured account exists, trusts {@code sagemaker.amazonaws.com}
 * and carries {@link #POLICY_NAME}, which allows every action (what a container may do is scoped per job by the
 * credentials Sagebox issues it, not by its role). Roles of other accounts, users and groups do not exist here.
 */
public final class ExecutionRoles {
    /** The one policy every role carries, as {@code SimulatePrincipalPolicy} names it in its matched statements. */
    static final String POLICY_NAME = "SageboxExecutionPolicy";
    /** The trust policy of every role: SageMaker may assume it. */
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):(role|user|group)(/(?:[\\x21-\\x7E]*/)?)([\\w+=,.@-]+)");
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** A role: its name, path, ARN, stable id ({@code AROA…}) and when the account's roles came to be. */
    public record Role(String name, String path, String arn, String roleId, Instant created) {
    }

    private final AwsScope scope;
    private final Instant created;

    /** {@code created}: when this Sagebox's account came to be (its home's creation), every role's CreateDate. */
    public ExecutionRoles(AwsScope scope, Instant created) {
        this.scope = scope;
        this.created = created;
    }

    /** The role {@code GetRole} names; a malformed name is IAM's ValidationError. */
    public Role named(String roleName) {
        if (roleName == null) {
            throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, "1 validation error detected: Value null at "
                    + "'roleName' failed to satisfy constraint: Member must not be null");
        }
        if (!ROLE_NAME.matcher(roleName).matches()) {
            throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, "1 validation error detected: Value '"
                    + roleName + "' at 'roleName' failed to satisfy constraint: Member must satisfy regular "
                    + "expression pattern: [\\w+=,.@-]+ and have length between 1 and 64");
        }
        return role("/", roleName);
    }

    /** The role a principal ARN names ({@code PolicySourceArn}); anything but a role of this account is missing. */
    Role ofArn(String arn) {
        Matcher m = PRINCIPAL_ARN.matcher(arn);
        if (!m.matches()) {
            throw new SageboxException(ErrorCode.IAM_INVALID_INPUT, "Invalid ARN " + arn
                    + ": it must name an IAM user, group or role (arn:aws:iam::<account>:role/<name>).");
        }
        String kind = m.group(2);
        if (!kind.equals("role") || !m.group(1).equals(scope.accountId())) {
            throw new SageboxException(ErrorCode.IAM_NO_SUCH_ENTITY, "The " + kind + " with name " + m.group(4)
                    + " cannot be found." + (m.group(1).equals(scope.accountId()) ? ""
                            : " Sagebox has the roles of account " + scope.accountId() + " only."));
        }
        return role(m.group(3), m.group(4));
    }

    /** The trust policy as IAM returns it: URL-encoded JSON. */
    static String encodedTrustPolicy() {
        return URLEncoder.encode(TRUST_POLICY, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Role role(String path, String name) {
        String arn = "arn:aws:iam::" + scope.accountId() + ":role" + path + name;
        return new Role(name, path, arn, roleId(arn), created);
    }

    /** {@code AROA} and 17 characters derived from the ARN, so a role keeps its id across restarts. */
    private static String roleId(String arn) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(arn.toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[(digest[i] & 0xFF) % ID_ALPHABET.length]);
        }
        return id.toString();
    }
}
