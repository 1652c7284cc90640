package dev.sagebox.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.sagebox.api.http.AwsProtocol;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.FormBody;
import dev.sagebox.api.http.QueryDocument;
import dev.sagebox.api.http.ServiceOperations;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * AWS IAM in the query protocol, the part SageMaker clients call to check an execution role before they use it
 * (SDK v3's ModelTrainer and ModelBuilder, SDK v2's {@code get_execution_role}): {@code GetRole} and
 * {@code SimulatePrincipalPolicy}. What a role is here: {@link ExecutionRoles}.
 */
public final class IamOperations implements ServiceOperations {
    /** IAM's API version, which its query-protocol requests carry as {@code Version}. */
    public static final String VERSION = "2010-05-08";
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/" + VERSION + "/";
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");
    private static final int DEFAULT_MAX_ITEMS = 100;
    private static final int MAX_ITEMS = 1000;
    /** Members of SimulatePrincipalPolicy that would need a policy evaluator: refused, never ignored. */
    private static final List<String> REFUSED_SIMULATION_MEMBERS = List.of("PolicyInputList",
            "PermissionsBoundaryPolicyInputList", "PolicyExclusionList", "ResourcePolicy", "ResourceOwner",
            "CallerArn", "ContextEntries", "ResourceHandlingOption");

    private final ExecutionRoles roles;

    public IamOperations(ExecutionRoles roles) {
        this.roles = roles;
    }

    /** IAM as the registry's entry: {@code Version=2010-05-08} forms, signed for {@code iam}. */
    public AwsService service() {
        return new AwsService("IAM", "iam", AwsProtocol.QUERY, VERSION, this);
    }

    @Override
    public boolean has(String operation) {
        return operation.equals("GetRole") || operation.equals("SimulatePrincipalPolicy");
    }

    @Override
    public void invoke(String operation, byte[] body, HttpServerExchange exchange) {
        ObjectNode request = QueryDocument.members(FormBody.parse(body));
        ObjectNode result = switch (operation) {
            case "GetRole" -> getRole(request);
            case "SimulatePrincipalPolicy" -> simulatePrincipalPolicy(request);
            default -> throw new IllegalArgumentException(operation);
        };
        String requestId = exchange.getResponseHeaders().getFirst(REQUEST_ID);
        String xml = QueryDocument.response(operation, NAMESPACE, result, requestId == null ? "" : requestId,
                Set.of());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/xml");
        exchange.getResponseSender().send(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private ObjectNode getRole(ObjectNode request) {
        ExecutionRoles.Role role = roles.named(text(request, "RoleName"));
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode out = result.putObject("Role");
        out.put("Path", role.path());
        out.put("RoleName", role.name());
        out.put("RoleId", role.roleId());
        out.put("Arn", role.arn());
        out.set("CreateDate", new POJONode(role.created()));
        out.put("AssumeRolePolicyDocument", ExecutionRoles.encodedTrustPolicy());
        out.put("Description", "A SageMaker execution role of Sagebox: trusts sagemaker.amazonaws.com and is "
                + "allowed every action; each job's credentials are scoped by Sagebox.");
        out.put("MaxSessionDuration", 3600);
        out.putObject("RoleLastUsed");
        return result;
    }

    private ObjectNode simulatePrincipalPolicy(ObjectNode request) {
        for (String member : REFUSED_SIMULATION_MEMBERS) {
            if (request.has(member)) {
                throw new SageboxException(ErrorCode.IAM_INVALID_INPUT, "Sagebox does not evaluate " + member
                        + ": its roles carry one policy, " + ExecutionRoles.POLICY_NAME + ", that allows every "
                        + "action. Simulate without " + member + ".");
            }
        }
        String source = text(request, "PolicySourceArn");
        if (source == null) {
            throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, "1 validation error detected: Value null at "
                    + "'policySourceArn' failed to satisfy constraint: Member must not be null");
        }
        List<String> actions = strings(request.get("ActionNames"));
        if (actions.isEmpty()) {
            throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, "1 validation error detected: Value null at "
                    + "'actionNames' failed to satisfy constraint: Member must not be null");
        }
        roles.ofArn(source);
        List<String> resources = strings(request.get("ResourceArns"));
        if (resources.isEmpty()) {
            resources = List.of("*");
        }
        int maxItems = maxItems(text(request, "MaxItems"));
        List<String[]> pairs = new ArrayList<>();
        for (String action : actions) {
            for (String resource : resources) {
                pairs.add(new String[] {action, resource});
            }
        }
        int from = marker(text(request, "Marker"), pairs.size());
        int to = Math.min(pairs.size(), from + maxItems);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode evaluations = result.putArray("EvaluationResults");
        for (String[] pair : pairs.subList(from, to)) {
            ObjectNode evaluation = evaluations.addObject();
            evaluation.put("EvalActionName", pair[0]);
            evaluation.put("EvalResourceName", pair[1]);
            evaluation.put("EvalDecision", "allowed");
            ObjectNode statement = evaluation.putArray("MatchedStatements").addObject();
            statement.put("SourcePolicyId", ExecutionRoles.POLICY_NAME);
            statement.put("SourcePolicyType", "IAM Policy");
            evaluation.putArray("MissingContextValues");
        }
        result.put("IsTruncated", to < pairs.size());
        if (to < pairs.size()) {
            result.put("Marker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("simulation:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    private static int maxItems(String text) {
        if (text == null) {
            return DEFAULT_MAX_ITEMS;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_ITEMS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, "1 validation error detected: Value '" + text
                + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and " + MAX_ITEMS);
    }

    /** Where a page starts: 0 without a Marker, else the position a previous page's Marker holds. */
    private static int marker(String text, int total) {
        if (text == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (decoded.startsWith("simulation:")) {
                int at = Integer.parseInt(decoded.substring("simulation:".length()));
                if (at > 0 && at < total) {
                    return at;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is one)
        }
        throw new SageboxException(ErrorCode.IAM_INVALID_INPUT, "Invalid Marker: " + text
                + " was not given by a previous page of this simulation.");
    }

    private static String text(ObjectNode request, String member) {
        JsonNode node = request.get(member);
        return node == null || !node.isValueNode() ? null : node.asText();
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
