package dev.sagebox.api.sts;

import dev.sagebox.api.http.AwsProtocol;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.ServiceOperations;
import dev.sagebox.api.http.Xml;
import dev.sagebox.core.AwsScope;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * AWS STS in the query protocol, as much as SDKs need to learn the account: {@code GetCallerIdentity}. Every key
 * Sagebox accepts is the account's root user.
 */
public final class StsOperations implements ServiceOperations {
    /** STS's API version, which its query-protocol requests carry as {@code Version}. */
    public static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";
    private static final HttpString REQUEST_ID = new HttpString("x-amzn-RequestId");

    private final AwsScope scope;

    public StsOperations(AwsScope scope) {
        this.scope = scope;
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
        String xml = "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>arn:aws:iam::" + account + ":root</Arn>\n"
                + "    <UserId>" + account + "</UserId>\n"
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
