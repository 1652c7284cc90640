package dev.sagebox.api;

import dev.sagebox.api.db.Database;
import dev.sagebox.api.db.DocumentCodec;
import dev.sagebox.api.db.H2EndpointConfigRepository;
import dev.sagebox.api.db.H2ModelRepository;
import dev.sagebox.api.db.H2TagRepository;
import dev.sagebox.api.http.ControlPlaneHandler;
import dev.sagebox.api.http.ErrorRenderer;
import dev.sagebox.api.http.HealthHandler;
import dev.sagebox.api.http.InputValidator;
import dev.sagebox.api.http.RequestAuthenticator;
import dev.sagebox.api.http.RuntimeHandler;
import dev.sagebox.api.http.SigV4Authenticator;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.StaticCredentials;
import dev.sagebox.api.protocol.RequestValidator;
import dev.sagebox.api.protocol.ServiceModel;
import dev.sagebox.api.http.SageboxHttpServer;
import dev.sagebox.api.ops.EndpointConfigOperations;
import dev.sagebox.api.ops.ModelOperations;
import dev.sagebox.api.ops.OperationRegistry;
import dev.sagebox.api.ops.TagOperations;
import dev.sagebox.api.ops.TagService;
import dev.sagebox.api.wire.WireJson;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.IdSource;
import dev.sagebox.core.ResourceRepository;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.EndpointConfigService;
import dev.sagebox.hosting.ModelService;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: wires every component of a running Sagebox, and closes them in reverse order. */
public final class Sagebox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sagebox.class);

    private final SageboxConfig config;
    private final Deque<AutoCloseable> closeables;
    private final SageboxHttpServer http;

    private Sagebox(SageboxConfig config, Deque<AutoCloseable> closeables, SageboxHttpServer http) {
        this.config = config;
        this.closeables = closeables;
        this.http = http;
    }

    public static Builder builder(SageboxConfig config) {
        return new Builder(config);
    }

    public SageboxConfig config() {
        return config;
    }

    /** The port the API and runtime answer on. */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("while closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Collects overrides (clock, database, container engine) and starts the server. */
    public static final class Builder {
        private final SageboxConfig config;
        private Clock clock = Clock.systemUTC();
        private IdSource ids = IdSource.random();
        private boolean inMemoryDatabase;

        private Builder(SageboxConfig config) {
            this.config = config;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder ids(IdSource value) {
            this.ids = value;
            return this;
        }

        /** Keeps records in a private in-memory H2 (component tests); the default is H2 on disk under the home. */
        public Builder inMemoryDatabase() {
            this.inMemoryDatabase = true;
            return this;
        }

        public Sagebox start() {
            Deque<AutoCloseable> closeables = new ArrayDeque<>();
            try {
                return start(closeables);
            } catch (RuntimeException e) {
                closeables.forEach(c -> {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                });
                throw e;
            }
        }

        private Sagebox start(Deque<AutoCloseable> closeables) {
            try {
                Files.createDirectories(config.home());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Sagebox home " + config.home(), e);
            }
            AwsScope scope = new AwsScope(config.region(), config.accountId());
            Database db = inMemoryDatabase ? Database.inMemory(ids.newId()) : Database.onDisk(config.home().resolve("db"));
            closeables.push(db);
            DocumentCodec codec = new DocumentCodec();
            H2ModelRepository models = new H2ModelRepository(db, codec);
            H2EndpointConfigRepository endpointConfigs = new H2EndpointConfigRepository(db, codec);
            Map<ResourceType, ResourceRepository<?>> repositories = new LinkedHashMap<>();
            repositories.put(ResourceType.MODEL, models);
            repositories.put(ResourceType.ENDPOINT_CONFIG, endpointConfigs);
            TagService tags = new TagService(new H2TagRepository(db), scope, repositories);

            OperationRegistry.Builder registry = OperationRegistry.builder();
            new TagOperations(tags).register(registry);
            new ModelOperations(new ModelService(models, scope, clock), tags).register(registry);
            new EndpointConfigOperations(new EndpointConfigService(endpointConfigs, models, scope, clock), tags)
                    .register(registry);

            ObjectMapper wire = WireJson.mapper();
            RequestAuthenticator authenticator = config.verifySignatures()
                    ? new SigV4Authenticator(new SigV4Verifier(
                            new StaticCredentials(config.accessKey(), config.secretKey()), clock))
                    : RequestAuthenticator.NONE;
            InputValidator validator = new RequestValidator(ServiceModel.load())::validate;
            RuntimeHandler.Invoker noEndpoints = (name, body, exchange) -> {
                throw new SageboxException(ErrorCode.VALIDATION_ERROR,
                        "Endpoint " + name + " of account " + config.accountId() + " not found.");
            };
            Map<String, Supplier<String>> health = new LinkedHashMap<>();
            health.put("database", () -> db.isHealthy() ? "ok" : "unavailable");
            SageboxHttpServer http = SageboxHttpServer.start(config.host(), config.port(),
                    new ControlPlaneHandler(registry.build(), validator, authenticator, wire),
                    new RuntimeHandler(authenticator, noEndpoints),
                    Map.of("/_sagebox/health", new HealthHandler(health)),
                    new ErrorRenderer(wire), ids);
            closeables.push(http);
            LOG.info("Sagebox listening on http://{}:{}", config.host(), http.port());
            return new Sagebox(config, closeables, http);
        }
    }

}
