package dev.sagebox.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw HTTP to Sagebox, signed with the AWS SDK's own SigV4 signer, for what the SDK clients will not send. */
public final class SignedHttp {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String signingName;
    private final HttpClient http = HttpClient.newHttpClient();

    SignedHttp(URI endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, "sagemaker");
    }

    /** Signs for {@code signingName} ({@code logs}, {@code sts}) instead of {@code sagemaker}. */
    public SignedHttp(URI endpoint, String accessKey, String secretKey, String signingName) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.signingName = signingName;
    }

    /** POST / with X-Amz-Target SageMaker.{op}. */
    HttpResponse<String> control(String target, String body) {
        return send("/", Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"),
                body.getBytes(StandardCharsets.UTF_8), true, Clock.systemUTC());
    }

    public HttpResponse<String> send(String path, Map<String, String> headers, byte[] body, boolean sign,
            Clock signingClock) {
        return send(SdkHttpMethod.POST, path, headers, body, sign, signingClock, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method path}, signed now, its answer's body as bytes (for CBOR). */
    HttpResponse<byte[]> sendForBytes(SdkHttpMethod method, String path, Map<String, String> headers, byte[] body) {
        return send(method, path, headers, body, true, Clock.systemUTC(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(SdkHttpMethod method, String path, Map<String, String> headers, byte[] body,
            boolean sign, Clock signingClock, HttpResponse.BodyHandler<T> answer) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(endpoint.resolve(path)).method(method);
        headers.forEach(request::putHeader);
        SdkHttpRequest toSend = request.build();
        if (sign) {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                    .request(toSend)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock));
            return send(signed.request(), body, answer);
        }
        return send(toSend, body, answer);
    }

    /** POST / signed with {@code headers}, then {@code unsigned} added after signing, as a tampering proxy would. */
    HttpResponse<String> signedThenAdded(Map<String, String> headers, Map<String, String> unsigned, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(endpoint.resolve("/")).method(SdkHttpMethod.POST);
        headers.forEach(request::putHeader);
        SdkHttpRequest toSend = request.build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(toSend)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        SdkHttpRequest.Builder tampered = signed.request().toBuilder();
        unsigned.forEach(tampered::putHeader);
        return send(tampered.build(), bytes, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(SdkHttpRequest request, byte[] body, HttpResponse.BodyHandler<T> answer) {
        HttpRequest.Builder out = HttpRequest.newBuilder(request.getUri()).method(request.method().name(),
                body.length == 0 && request.method() != SdkHttpMethod.POST ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> out.header(name, v));
            }
        });
        try {
            return http.send(out.build(), answer);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
