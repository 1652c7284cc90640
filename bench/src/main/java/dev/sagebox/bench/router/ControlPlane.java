package dev.sagebox.bench.router;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Signed SageMaker control-plane calls for the set-up. */
public final class ControlPlane {
    private final Signer signer;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public ControlPlane(Signer signer, int port) {
        this.signer = signer;
        this.port = port;
    }

    public String call(String operation, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.headers("/", Map.of("X-Amz-Target", "SageMaker." + operation,
                "Content-Type", "application/x-amz-json-1.1"), body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                b.header(k, v);
            }
        });
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public void awaitInService(String endpoint) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String d = call("DescribeEndpoint", "{\"EndpointName\":\"" + endpoint + "\"}");
            if (d.contains("\"EndpointStatus\":\"InService\"")) {
                return;
            }
            if (d.contains("\"EndpointStatus\":\"Failed\"")) {
                throw new IllegalStateException("endpoint " + endpoint + " failed: " + d);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("endpoint " + endpoint + " not InService after 5 minutes");
    }

    public void awaitGone(String endpoint) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try {
                call("DescribeEndpoint", "{\"EndpointName\":\"" + endpoint + "\"}");
            } catch (IllegalStateException gone) {
                return;
            }
            Thread.sleep(200);
        }
    }
}