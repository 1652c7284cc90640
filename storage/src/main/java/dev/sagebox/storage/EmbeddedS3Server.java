package dev.sagebox.storage;

import dev.sagebox.core.credentials.IssuedCredentials;
import dev.sagebox.storage.credentials.PolicyBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStoreLocator;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server inside the JVM: S3Proxy over a jclouds filesystem blob store, one listener per bind address.
 *
 * <p>Buckets are directories under the base directory and objects are files, so data survives restarts and can be
 * inspected with ordinary tools. Path-style addressing only; AWS V2 or V4 signatures with one key pair.
 *
 * <p>Limits of the filesystem backend, unlike S3: keys "a" and "a/b" cannot both exist (a file cannot also be a
 * directory), "a//b" is stored as "a/b", a key ending in '/' can only hold an empty folder marker. And S3Proxy 3.0.0
 * cannot read the signed-trailer checksums that the AWS SDK for Java v2 (2.30 and later) sends by default over
 * http: such clients must set {@code requestChecksumCalculation(WHEN_REQUIRED)} or the environment variable
 * {@code AWS_REQUEST_CHECKSUM_CALCULATION=when_required}. boto3 and the AWS CLI send header checksums over http
 * and need nothing.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final BlobStoreContext context;
    private final List<S3Proxy> proxies;
    private final List<URI> endpoints;
    private final String accessKey;
    private final String secretKey;
    private boolean closed;

    private EmbeddedS3Server(
            BlobStoreContext context, List<S3Proxy> proxies, List<URI> endpoints, String accessKey, String secretKey) {
        this.context = context;
        this.proxies = List.copyOf(proxies);
        this.endpoints = List.copyOf(endpoints);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts listening on every host of {@code bindHosts} (the first one is the primary {@link #endpoint()}).
     *
     * @param port the port for all listeners; 0 picks a free one, which the other hosts then reuse when they can
     * @throws UncheckedIOException when the base directory cannot be created or an address cannot be bound
     */
    public static EmbeddedS3Server start(
            Path baseDir, List<String> bindHosts, int port, String accessKey, String secretKey) {
        return start(baseDir, bindHosts, port, accessKey, secretKey, accessKeyId -> Optional.empty());
    }

    /**
     * As {@link #start(Path, List, int, String, String)}, also accepting the scoped credentials {@code scopedKeys}
     * finds: each sees the store through its policy ({@link PolicyBlobStore}), refused with AccessDenied elsewhere.
     */
    public static EmbeddedS3Server start(Path baseDir, List<String> bindHosts, int port, String accessKey,
            String secretKey, Function<String, Optional<IssuedCredentials>> scopedKeys) {
        Objects.requireNonNull(baseDir, "baseDir");
        List<String> hosts = List.copyOf(bindHosts);
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("bindHosts must name at least one address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        long started = System.nanoTime();
        Path base = createBaseDir(baseDir);
        // Opening jclouds (Guice) dominates a cold start, so it runs while the listeners come up.
        CompletableFuture<BlobStoreContext> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> open(base, opening), "sagebox-s3-open");
        opener.setDaemon(true);
        opener.start();
        KeyLocator locator = new KeyLocator(
                accessKey, secretKey, scopedKeys, opening.thenApply(
                        c -> new FlatListingBlobStore(new KeyCheckingBlobStore(
                                new BlockCopyingBlobStore(c.getBlobStore())))));
        List<S3Proxy> proxies = new ArrayList<>();
        List<URI> endpoints = new ArrayList<>();
        BlobStoreContext context;
        try {
            int nextPort = port;
            for (String host : hosts) {
                S3Proxy proxy = startProxy(locator, host, nextPort, port == 0);
                proxies.add(proxy);
                endpoints.add(httpUri(clientHost(host), proxy.getPort()));
                // One port for every address keeps the URL handed to containers the same as the local one.
                nextPort = proxy.getPort();
            }
            context = awaitOpen(opening, base);
        } catch (RuntimeException e) {
            stopAll(proxies);
            var unused = opening.thenAccept(BlobStoreContext::close);
            throw e;
        }
        LOG.info("Embedded S3 serving {} on {} (started in {} ms)",
                base, endpoints, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedS3Server(context, proxies, endpoints, accessKey, secretKey);
    }

    /** The http URI of the first bind address, with the actual port. */
    public URI endpoint() {
        return endpoints.get(0);
    }

    /** The http URIs of all bind addresses, in the order given to {@link #start}. */
    public List<URI> endpoints() {
        return endpoints;
    }

    /** Settings for a client of the primary endpoint with this server's keys. */
    public S3Settings settings(String region) {
        return new S3Settings(endpoint(), accessKey, secretKey, region);
    }

    /** Stops every listener and releases the blob store; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<S3Proxy> reversed = new ArrayList<>(proxies);
        Collections.reverse(reversed);
        stopAll(reversed);
        context.close();
    }

    private static Path createBaseDir(Path baseDir) {
        try {
            return Files.createDirectories(baseDir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded S3 directory " + baseDir + ": " + e, e);
        }
    }

    private static void open(Path base, CompletableFuture<BlobStoreContext> result) {
        try {
            Properties properties = new Properties();
            properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, base.toString());
            // Naming the API directly skips jclouds' scan of every provider on the class path.
            result.complete(ContextBuilder.newBuilder(new FilesystemApiMetadata())
                    .overrides(properties)
                    .modules(List.of(new SLF4JLoggingModule()))
                    .build(BlobStoreContext.class));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private static BlobStoreContext awaitOpen(CompletableFuture<BlobStoreContext> opening, Path base) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw new IllegalStateException(
                    "Cannot open the embedded S3 store in " + base + ": " + rootMessage(e), e.getCause());
        }
    }

    private static S3Proxy startProxy(KeyLocator locator, String host, int port, boolean anyPortWillDo) {
        try {
            return startProxy(locator, host, port);
        } catch (UncheckedIOException e) {
            // The port chosen on the first address may be taken on this one; any free port is still correct.
            if (anyPortWillDo && port != 0 && causedBy(e, BindException.class)) {
                return startProxy(locator, host, 0);
            }
            throw e;
        }
    }

    private static S3Proxy startProxy(KeyLocator locator, String host, int port) {
        S3Proxy proxy = S3Proxy.builder()
                .endpoint(httpUri(host, port))
                // The locator below replaces S3Proxy's own check of these keys; the builder still wants them.
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, locator.accessKey(), locator.secretKey())
                // Newer SDKs send headers (checksums, SDK telemetry) that S3Proxy would otherwise refuse.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.setBlobStoreLocator(locator);
        try {
            proxy.start();
            return proxy;
        } catch (Exception e) {
            stopQuietly(proxy);
            IOException io = rootIo(e);
            String reason = "Cannot start the embedded S3 server on " + host + ":" + port + ": " + rootMessage(e);
            if (io != null) {
                throw new UncheckedIOException(reason, io);
            }
            throw new IllegalStateException(reason, e);
        }
    }

    private static void stopAll(List<S3Proxy> proxies) {
        for (S3Proxy proxy : proxies) {
            stopQuietly(proxy);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Stopping an embedded S3 listener failed", e);
        }
    }

    /** Clients cannot connect to a wildcard address, so such a listener is advertised on loopback. */
    private static String clientHost(String bindHost) {
        try {
            InetAddress address = InetAddress.getByName(bindHost);
            if (address.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // The listener is already bound to it, so a lookup failure here is transient; advertise it as given.
        }
        return bindHost;
    }

    private static URI httpUri(String host, int port) {
        try {
            // The multi-argument constructor brackets IPv6 literals.
            return new URI("http", null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid bind address: " + host, e);
        }
    }

    private static IOException rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Accepts the configured key pair, which sees the whole store, and the scoped credentials of resources, which see
     * it through their policy; hands out the shared blob store, waiting for it while it opens.
     */
    private record KeyLocator(String accessKey, String secretKey,
            Function<String, Optional<IssuedCredentials>> scopedKeys, CompletableFuture<BlobStore> blobStore)
            implements BlobStoreLocator {
        @Override
        public Map.Entry<String, BlobStore> locateBlobStore(String identity, String container, String blob) {
            if (accessKey.equals(identity)) {
                return Map.entry(secretKey, blobStore.join());
            }
            if (identity == null) {
                return null;
            }
            return scopedKeys.apply(identity)
                    .map(issued -> Map.<String, BlobStore>entry(issued.credentials().secretAccessKey(),
                            new PolicyBlobStore(blobStore.join(), issued.policy())))
                    .orElse(null);
        }

        @Override
        public String toString() {
            return "KeyLocator[accessKey=" + accessKey + "]";
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
