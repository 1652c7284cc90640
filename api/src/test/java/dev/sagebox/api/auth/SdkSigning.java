package dev.sagebox.api.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK for Java v2 signer and turns the result into what the server would receive. */
final class SdkSigning {
    static final String ACCESS_KEY = "AKIDSAGEBOXTEST";
    static final String SECRET_KEY = "sagebox/secret/key+for/tests";

    private SdkSigning() {
    }

    /** A request to sign: method, full URI (path and query already percent-encoded), headers and body. */
    record Unsigned(String method, String uri, Map<String, List<String>> headers, byte[] body) {
    }

    static SdkHttpRequest sign(Unsigned unsigned, AwsCredentialsIdentity identity, Clock clock, String region,
                               String service, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(unsigned.method()))
                .uri(URI.create(unsigned.uri()));
        unsigned.headers().forEach(http::putHeader);
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity)
                    .request(http.build())
                    .payload(ContentStreamProvider.fromByteArray(unsigned.body()))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            extra.accept(r);
        }).request();
    }

    static SdkHttpRequest sign(Unsigned unsigned, Clock clock) {
        return sign(unsigned, AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY), clock, "us-east-1", "sagemaker",
                r -> { });
    }

    /** The request as the server sees it: the SDK leaves Host to the HTTP client, which sends host[:port]. */
    static SignedRequest received(SdkHttpRequest signed, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.headers());
        boolean defaultPort = signed.port() == (signed.protocol().equals("https") ? 443 : 80);
        headers.putIfAbsent("Host", List.of(signed.host() + (defaultPort ? "" : ":" + signed.port())));
        String path = signed.encodedPath().isEmpty() ? "/" : signed.encodedPath();
        return new SignedRequest(signed.method().name(), path, signed.encodedQueryParameters().orElse(""),
                RequestHeaders.of(headers), Payload.of(body));
    }

    static byte[] readAll(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
