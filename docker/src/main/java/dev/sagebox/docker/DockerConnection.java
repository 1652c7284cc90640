package dev.sagebox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker-java clients of one engine, made on first use with an API version both sides speak, so that an
 * engine that is down at start-up is picked up once it answers.
 */
final class DockerConnection implements AutoCloseable {
    /** The newest engine API version docker-java 3.7 models. */
    static final RemoteApiVersion CLIENT_MAX = RemoteApiVersion.VERSION_1_44;
    private static final Logger LOG = LoggerFactory.getLogger(DockerConnection.class);

    private final DockerEngineSettings settings;
    private Clients clients; // guarded by this
    private boolean closed; // guarded by this

    /** Ordinary calls go through {@code calls}, which has a response timeout; waits and log follows through {@code streams}. */
    private record Clients(DockerClient calls, DockerClient streams, String apiVersion, DockerHttpClient http) {
    }

    /** An engine answer that is not 2xx, with the engine's own message. */
    static final class EngineRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        EngineRefusal(int status, String message) {
            super("Status " + status + ": " + message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    DockerConnection(DockerEngineSettings settings) {
        this.settings = settings;
    }

    DockerEngineSettings settings() {
        return settings;
    }

    /** Runs one call with a response timeout, translating failures. */
    <T> T call(String action, Function<DockerClient, T> body) {
        DockerClient client = clients().calls();
        try {
            return body.apply(client);
        } catch (RuntimeException e) {
            throw DockerErrors.translate(action, e, settings.dockerHost());
        }
    }

    /** Runs a call whose answer may take unbounded time (the caller bounds it), translating failures. */
    <T> T stream(String action, Function<DockerClient, T> body) {
        DockerClient client = clients().streams();
        try {
            return body.apply(client);
        } catch (RuntimeException e) {
            throw DockerErrors.translate(action, e, settings.dockerHost());
        }
    }

    /**
     * One request of the engine API in its own JSON, through docker-java's transport, for what docker-java's model
     * lacks (swarm services' capabilities, pids limit and placement preferences; tasks' port status and network
     * attachments). {@code path} starts with '/' and carries its query; the answer's JSON, or {@link EngineRefusal}.
     */
    com.fasterxml.jackson.databind.JsonNode json(String action, String method, String path,
            java.util.Optional<com.fasterxml.jackson.databind.JsonNode> body) {
        Clients c = clients();
        String versioned = c.apiVersion().isEmpty() ? path : "/v" + c.apiVersion() + path;
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(versioned);
        try {
            if (body.isPresent()) {
                request.putHeader("Content-Type", "application/json").bodyBytes(JSON.writeValueAsBytes(body.get()));
            }
            try (DockerHttpClient.Response response = c.http().execute(request.build())) {
                byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().readAllBytes();
                if (response.getStatusCode() / 100 != 2) {
                    throw new EngineRefusal(response.getStatusCode(), new String(bytes,
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                return bytes.length == 0 ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : JSON.readTree(bytes);
            }
        } catch (java.io.IOException e) {
            throw DockerErrors.translate(action, new java.io.UncheckedIOException(e), settings.dockerHost());
        } catch (EngineRefusal e) {
            throw e;
        } catch (RuntimeException e) {
            throw DockerErrors.translate(action, e, settings.dockerHost());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The API version requests are pinned to ("" when they go unversioned). */
    String apiVersion() {
        return clients().apiVersion();
    }

    private synchronized Clients clients() {
        if (closed) {
            throw new IllegalStateException("the container engine has been closed");
        }
        if (clients == null) {
            clients = connect();
        }
        return clients;
    }

    private Clients connect() {
        DockerHttpClient callHttp = http(true);
        DockerHttpClient streamHttp = http(false);
        try {
            Version version = DockerClientImpl.getInstance(config(RemoteApiVersion.UNKNOWN_VERSION), callHttp)
                    .versionCmd().exec();
            RemoteApiVersion api = negotiate(version.getApiVersion(), version.getMinAPIVersion());
            LOG.debug("Docker engine {} at {} (API {}); requests use API {}", version.getVersion(),
                    settings.dockerHost(), version.getApiVersion(), api);
            DefaultDockerClientConfig config = config(api);
            return new Clients(DockerClientImpl.getInstance(config, callHttp),
                    DockerClientImpl.getInstance(config, streamHttp),
                    api.equals(RemoteApiVersion.UNKNOWN_VERSION) ? "" : api.getVersion(), callHttp);
        } catch (RuntimeException e) {
            closeQuietly(callHttp);
            closeQuietly(streamHttp);
            throw DockerErrors.translate("ask the engine for its version", e, settings.dockerHost());
        }
    }

    /**
     * The newest version both speak: the engine's own if docker-java knows it, else docker-java's newest if the engine
     * still accepts it, else unversioned requests (the engine's current version) as a last resort.
     */
    static RemoteApiVersion negotiate(String serverApiVersion, String serverMinApiVersion) {
        RemoteApiVersion serverMax = RemoteApiVersion.parseConfigWithDefault(serverApiVersion);
        if (serverMax.equals(RemoteApiVersion.UNKNOWN_VERSION)) {
            return RemoteApiVersion.UNKNOWN_VERSION;
        }
        if (CLIENT_MAX.isGreaterOrEqual(serverMax)) {
            return serverMax;
        }
        RemoteApiVersion serverMin = RemoteApiVersion.parseConfigWithDefault(serverMinApiVersion);
        if (serverMin.equals(RemoteApiVersion.UNKNOWN_VERSION) || CLIENT_MAX.isGreaterOrEqual(serverMin)) {
            return CLIENT_MAX;
        }
        return RemoteApiVersion.UNKNOWN_VERSION;
    }

    private DefaultDockerClientConfig config(RemoteApiVersion api) {
        // Explicit host and version, so that stray docker-java properties files cannot redirect Sagebox.
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost().toString())
                .withDockerTlsVerify(false)
                .withApiVersion(api)
                .build();
    }

    private DockerHttpClient http(boolean withResponseTimeout) {
        ApacheDockerHttpClient.Builder builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(settings.dockerHost())
                // Every log follow and exit wait holds a connection for as long as its container runs.
                .maxConnections(withResponseTimeout ? 64 : 1024)
                .connectionTimeout(settings.connectTimeout());
        if (withResponseTimeout) {
            builder.responseTimeout(settings.callTimeout());
        }
        return builder.build();
    }

    @Override
    public void close() {
        Clients toClose;
        synchronized (this) {
            closed = true;
            toClose = clients;
            clients = null;
        }
        if (toClose != null) {
            closeQuietly(toClose.calls());
            closeQuietly(toClose.streams());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing a Docker client failed", e);
        }
    }
}
