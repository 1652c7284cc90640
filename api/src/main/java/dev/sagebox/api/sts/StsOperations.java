package dev.sagebox.api.sts;

import dev.sagebox.api.http.AwsProtocol;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.ServiceOperations;
import dev.sagebox.api.http.Xml;
import dev.sagebox.api.iam.ExecutionRoles;
import dev.sagebox.core.AwsScope;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * AWS STS in the query protocol, as much as SDKs need to learn who they are: {@code GetCallerIdentity}. Every key
 * Sagebox accepts acts as a session ({@value #SESSION}) of the execution role {@link AwsScope#EXECUTION_ROLE}, as code
 * in a SageMaker notebook does, so the SDKs' role lookups ({@code get_execution_role}, v3's {@code role=None}) find it.
 */
public final class StsOperations implements ServiceOperations {
    /** STS's API version, which its query-protocol requests carry as {@code Version}. */
    public static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");

    /** The role session name of every caller. */
    public static final String SESSION = "sagebox";

    private final AwsScope scope;
    private final ExecutionRoles roles;

    public StsOperations(AwsScope scope, ExecutionRoles roles) {
        this.scope = scope;
        this.roles = roles;
    }

    /** STS as the registry's entry: {@code Version=2011-06-15} forms, signed for {@code sts}. */
    public AwsService service() {
        return new AwsService("STS", "sts", AwsProtocol.QUERY, VERSION, this);
    }

    @Override
    public boolean has(String operation) {
        return operation.equals("GetCallerIdentity");
    }

    @Override
    public void invoke(String operation, byte[] body, HttpServerExchange exchange) {
        String requestId = exchange.getResponseHeaders().getFirst(REQUEST_ID);
        String account = Xml.escape(scope.accountId());
        ExecutionRoles.Role role = roles.named(AwsScope.EXECUTION_ROLE);
        String xml = "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>arn:aws:sts::" + account + ":assumed-role/" + Xml.escape(role.name()) + "/" + SESSION
                + "</Arn>\n"
                + "    <UserId>" + Xml.escape(role.roleId()) + ":" + SESSION + "</UserId>\n"
                + "    <Account>" + account + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + Xml.escape(requestId == null ? "" : requestId) + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/xml");
        exchange.getResponseSender().send(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
