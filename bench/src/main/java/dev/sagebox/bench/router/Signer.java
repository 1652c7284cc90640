package dev.sagebox.bench.router;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK's own SigV4 signer, as the SDK would send them to Sagebox. */
public final class Signer {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity identity;
    private final int port;

    public Signer(String accessKey, String secretKey, int port) {
        this.identity = AwsCredentialsIdentity.create(accessKey, secretKey);
        this.port = port;
    }

    /** The headers of a signed POST to {@code path}; a signature stays valid for minutes, so one serves a whole run. */
    Map<String, String> headers(String path, Map<String, String> unsignedHeaders, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .uri(URI.create("http://127.0.0.1:" + port + path))
                .method(SdkHttpMethod.POST);
        unsignedHeaders.forEach(unsigned::putHeader);
        SdkHttpRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : signed.headers().entrySet()) {
            out.put(e.getKey(), String.join(",", e.getValue()));
        }
        return out;
    }
}
