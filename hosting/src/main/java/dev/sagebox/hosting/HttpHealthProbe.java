package dev.sagebox.hosting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Pings over HTTP with the contract's 2 s budget per probe; any failure to answer 200 in time is unhealthy. */
public final class HttpHealthProbe implements HealthProbe {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HostingSettings.PING_TIMEOUT)
            .build();

    @Override
    public boolean healthy(URI containerBase) {
        HttpRequest request = HttpRequest.newBuilder(containerBase.resolve("/ping"))
                .timeout(HostingSettings.PING_TIMEOUT)
                .GET()
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
