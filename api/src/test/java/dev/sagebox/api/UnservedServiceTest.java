package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * A request signed for a service Sagebox does not serve is authenticated, then answered with an error naming that
 * service, in the protocol its shape implies: query XML, JSON 1.0 or 1.1, RPC v2 CBOR, REST JSON or REST XML.
 */
class UnservedServiceTest {
    private static final String SERVES = "it serves sagemaker (control plane and runtime), logs, sts, iam and"
            + " monitoring.";
    private static final Map<String, String> FORM = Map.of("Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @TempDir
    static Path home;
    static TestSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void aQueryFormForSnsIsAnXmlInvalidAction() {
        HttpResponse<byte[]> r = signedFor("sns").sendForBytes(SdkHttpMethod.POST, "/", FORM,
                bytes("Action=ListTopics&Version=2010-03-31"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(text(r)).contains("<ErrorResponse>", "<Type>Sender</Type>", "<Code>InvalidAction</Code>",
                "<Message>Sagebox does not serve the service &apos;sns&apos; (this request was signed for it); "
                        + SERVES + "</Message>",
                "<RequestId>" + r.headers().firstValue("x-amzn-RequestId").orElseThrow() + "</RequestId>");
    }

    @Test
    void theSignatureOfAnUnservedServiceIsStillChecked() {
        HttpResponse<byte[]> r = new SignedHttp(sagebox.endpoint(), "sagebox", "wrong", "sns").sendForBytes(
                SdkHttpMethod.POST, "/", FORM, bytes("Action=ListTopics&Version=2010-03-31"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).contains("<Code>SignatureDoesNotMatch</Code>");

        HttpResponse<byte[]> unknownKey = new SignedHttp(sagebox.endpoint(), "nobody", "wrong", "lambda")
                .sendForBytes(SdkHttpMethod.GET, "/2015-03-31/functions/", Map.of(), new byte[0]);
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.headers().firstValue("x-amzn-ErrorType")).contains("UnrecognizedClientException");
    }

    @Test
    void aJsonTargetGetsUnknownOperationInTheJsonVersionItSent() throws Exception {
        HttpResponse<byte[]> r = signedFor("dynamodb").sendForBytes(SdkHttpMethod.POST, "/", Map.of("X-Amz-Target",
                "DynamoDB_20120810.ListTables", "Content-Type", "application/x-amz-json-1.0"), bytes("{}"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        assertThat(r.headers().firstValue("x-amzn-query-error")).isEmpty();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(body.get("message").asText()).startsWith("Sagebox does not serve the service 'dynamodb'")
                .endsWith(SERVES);

        HttpResponse<byte[]> ssm = signedFor("ssm").sendForBytes(SdkHttpMethod.POST, "/", Map.of("X-Amz-Target",
                "AmazonSSM.ListDocuments", "Content-Type", "application/x-amz-json-1.1"), bytes("{}"));
        assertThat(ssm.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(JSON.readTree(ssm.body()).get("message").asText()).contains("'ssm'");
    }

    @Test
    void anRpcV2CborRequestGetsCbor() throws Exception {
        HttpResponse<byte[]> r = signedFor("gamelift").sendForBytes(SdkHttpMethod.POST,
                "/service/GameLift/operation/ListFleets", Map.of("Content-Type", "application/cbor",
                        "Smithy-Protocol", "rpc-v2-cbor"), CBOR.writeValueAsBytes(Map.of()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/cbor");
        assertThat(r.headers().firstValue("smithy-protocol")).contains("rpc-v2-cbor");
        JsonNode body = CBOR.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(body.get("message").asText()).startsWith("Sagebox does not serve the service 'gamelift'");
    }

    @Test
    void aRestRequestGetsJsonOrXmlAsItsServiceSpeaks() throws Exception {
        HttpResponse<byte[]> lambda = signedFor("lambda").sendForBytes(SdkHttpMethod.GET, "/2015-03-31/functions/",
                Map.of(), new byte[0]);
        assertThat(lambda.statusCode()).isEqualTo(400);
        assertThat(lambda.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(lambda.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
        assertThat(JSON.readTree(lambda.body()).get("message").asText())
                .startsWith("Sagebox does not serve the service 'lambda'");

        HttpResponse<byte[]> s3 = signedFor("s3").sendForBytes(SdkHttpMethod.GET, "/", Map.of(), new byte[0]);
        assertThat(s3.statusCode()).isEqualTo(400);
        assertThat(s3.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(text(s3)).contains("<Code>InvalidAction</Code>",
                "Sagebox does not serve the service &apos;s3&apos;");
    }

    /**
     * Unsigned, signed for a service Sagebox serves, or naming a served service whatever it was signed for, a request
     * is answered as it always was.
     */
    @Test
    void otherRequestsAreAnsweredAsBefore() throws Exception {
        HttpResponse<byte[]> stsSignedForSns = signedFor("sns").sendForBytes(SdkHttpMethod.POST, "/", FORM,
                bytes("Action=GetCallerIdentity&Version=2011-06-15"));
        assertThat(stsSignedForSns.statusCode()).isEqualTo(403);
        assertThat(text(stsSignedForSns)).contains("<Code>SignatureDoesNotMatch</Code>",
                "<Message>Credential should be scoped to correct service: &apos;sts&apos;.</Message>");
        HttpResponse<byte[]> logsSignedForDynamo = signedFor("dynamodb").sendForBytes(SdkHttpMethod.POST, "/",
                Map.of("X-Amz-Target", "Logs_20140328.DescribeLogGroups", "Content-Type",
                        "application/x-amz-json-1.1"), bytes("{}"));
        assertThat(logsSignedForDynamo.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(logsSignedForDynamo.body()).get("__type").asText())
                .isEqualTo("InvalidSignatureException");

        SignedHttp unsigned = signedFor("sns");
        HttpResponse<String> form = unsigned.send("/", FORM, bytes("Action=ListTopics&Version=2010-03-31"), false,
                java.time.Clock.systemUTC());
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("<Code>MissingAuthenticationToken</Code>");

        HttpResponse<String> rest = unsigned.get("/2015-03-31/functions/");
        assertThat(rest.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(rest.body()).get("message").asText())
                .isEqualTo("No operation at GET /2015-03-31/functions/");

        HttpResponse<byte[]> sageMakerSigned = signedFor("sagemaker").sendForBytes(SdkHttpMethod.GET,
                "/2015-03-31/functions/", Map.of(), new byte[0]);
        assertThat(JSON.readTree(sageMakerSigned.body()).get("message").asText())
                .isEqualTo("No operation at GET /2015-03-31/functions/");
    }

    private static SignedHttp signedFor(String signingName) {
        return new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", signingName);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
