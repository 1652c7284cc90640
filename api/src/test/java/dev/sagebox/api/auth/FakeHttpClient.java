package dev.sagebox.api.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/** An HTTP client for real SDK clients that records each signed request and answers 200 with a fixed JSON body. */
final class FakeHttpClient implements SdkHttpClient {
    /** One request exactly as the SDK would have put it on the wire. */
    record Sent(SdkHttpRequest request, byte[] body) {
    }

    private final String responseBody;
    private final List<Sent> sent = new ArrayList<>();

    FakeHttpClient(String responseBody) {
        this.responseBody = responseBody;
    }

    List<Sent> sent() {
        return sent;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        byte[] body = request.contentStreamProvider().map(SdkSigning::readAll).orElse(new byte[0]);
        sent.add(new Sent(request.httpRequest(), body));
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("Content-Length", String.valueOf(bytes.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }
}
