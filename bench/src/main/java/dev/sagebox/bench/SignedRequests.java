package dev.sagebox.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Control-plane requests ({@code POST /}, AWS JSON 1.1) signed with the AWS SDK's own SigV4 signer, turned into the
 * exact bytes an HTTP/1.1 client puts on the wire. Signing happens before a timed loop, never inside it; every
 * request carries its own X-Amz-Date, valid for the server's 15-minute window, far longer than any run.
 */
final class SignedRequests {
    static final String ACCESS_KEY = "sagebox";
    static final String SECRET_KEY = "sagebox-secret";
    private static final String REGION = "us-east-1";
    private static final String SERVICE = "sagemaker";

    private final URI endpoint;
    private final String hostHeader;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY);

    SignedRequests(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/");
        // What the signer put in the canonical request, so what the client must send: host and non-default port.
        this.hostHeader = "127.0.0.1:" + port;
    }

    /** {@code SageMaker.<operation>} with a JSON body, signed now. Thread-safe. */
    byte[] control(String operation, String jsonBody) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .uri(endpoint)
                .method(SdkHttpMethod.POST)
                .putHeader("X-Amz-Target", "SageMaker." + operation)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .build();
        SdkHttpRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)).request();
        return wire(signed.headers(), body);
    }

    private byte[] wire(Map<String, List<String>> headers, byte[] body) {
        StringBuilder head = new StringBuilder(1024).append("POST / HTTP/1.1\r\n");
        // The signer adds Host itself (it signs it); only a signer that left it out needs ours.
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            head.append("Host: ").append(hostHeader).append("\r\n");
        }
        headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
