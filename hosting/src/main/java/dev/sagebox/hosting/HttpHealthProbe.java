package dev.sagebox.hosting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

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
        return HttpOk.answered(client, request);
    }
}
