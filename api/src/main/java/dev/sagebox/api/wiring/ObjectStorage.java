package dev.sagebox.api.wiring;

import dev.sagebox.api.SageboxConfig;
import dev.sagebox.core.credentials.IssuedCredentials;
import dev.sagebox.storage.pipe.SocketToPipe;
import dev.sagebox.runner.RunnerSettings.ContainerS3;
import dev.sagebox.storage.EmbeddedS3Server;
import dev.sagebox.storage.MinioObjectStore;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.S3Settings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sagebox's S3: the embedded server (also listening on the Docker bridge, so containers reach it) unless an external
 * endpoint is configured, and the one {@link ObjectStore} every component uses.
 */
public final class ObjectStorage implements AutoCloseable {
    private static final String DOCKER_BRIDGE = "docker0";

    private final Optional<EmbeddedS3Server> embedded;
    private final MinioObjectStore store;
    private final URI endpoint;
    private final Optional<ContainerS3> forContainers;

    private ObjectStorage(Optional<EmbeddedS3Server> embedded, MinioObjectStore store, URI endpoint,
            Optional<ContainerS3> forContainers) {
        this.embedded = embedded;
        this.store = store;
        this.endpoint = endpoint;
        this.forContainers = forContainers;
    }

    public static ObjectStorage start(SageboxConfig config) {
        return start(config, accessKeyId -> Optional.empty());
    }

    /**
     * @param scopedKeys the credentials issued to resources, which the embedded S3 accepts with their policy (an
     *     external S3 knows only its own keys)
     */
    public static ObjectStorage start(SageboxConfig config, Function<String, Optional<IssuedCredentials>> scopedKeys) {
        if (config.externalS3().isPresent()) {
            SageboxConfig.ExternalS3 s3 = config.externalS3().get();
            MinioObjectStore store = new MinioObjectStore(
                    new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), config.region()),
                    SocketToPipe.of(config.zeroCopy()));
            return new ObjectStorage(Optional.empty(), store, s3.endpoint(),
                    Optional.of(new ContainerS3(s3.endpoint(), s3.accessKey(), s3.secretKey())));
        }
        List<String> hosts = new ArrayList<>(List.of(config.host()));
        Optional<String> bridge = dockerBridgeAddress();
        bridge.ifPresent(hosts::add);
        EmbeddedS3Server server = EmbeddedS3Server.start(config.home().resolve("s3"), hosts, config.s3Port(),
                config.accessKey(), config.secretKey(), scopedKeys);
        MinioObjectStore store =
                new MinioObjectStore(server.settings(config.region()), SocketToPipe.of(config.zeroCopy()));
        Optional<ContainerS3> forContainers = server.endpoints().stream()
                .filter(u -> bridge.isPresent() && u.getHost().equals(bridge.get()))
                .findFirst()
                .map(u -> new ContainerS3(u, config.accessKey(), config.secretKey()));
        return new ObjectStorage(Optional.of(server), store, server.endpoint(), forContainers);
    }

    /** Whether S3 takes the credentials Sagebox issues to resources (the embedded server does, an external one not). */
    public boolean acceptsIssuedCredentials() {
        return embedded.isPresent();
    }

    public ObjectStore store() {
        return store;
    }

    /** Where users point their S3 clients. */
    public URI endpoint() {
        return endpoint;
    }

    /** S3 as containers reach it, when they can (embedded server with a Docker bridge on this host, or external S3). */
    public Optional<ContainerS3> forContainers() {
        return forContainers;
    }

    /** The IPv4 address of the local Docker bridge: every container can reach the host there. */
    public static Optional<String> dockerBridgeAddress() {
        try {
            // Not isUp(): docker0 has no carrier while no container sits on the default bridge, yet its address
            // still answers containers on every other bridge network.
            NetworkInterface bridge = NetworkInterface.getByName(DOCKER_BRIDGE);
            if (bridge == null) {
                return Optional.empty();
            }
            return bridge.inetAddresses().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        store.close();
        embedded.ifPresent(EmbeddedS3Server::close);
    }
}
