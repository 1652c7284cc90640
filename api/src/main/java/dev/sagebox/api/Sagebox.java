package dev.sagebox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.auth.IssuedOrConfiguredCredentials;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.StaticCredentials;
import dev.sagebox.api.console.ConsoleHandler;
import dev.sagebox.api.console.ConsoleLinks;
import dev.sagebox.api.console.ConsoleProxy;
import dev.sagebox.api.console.ConsoleSessions;
import dev.sagebox.api.db.Database;
import dev.sagebox.api.db.DocumentCodec;
import dev.sagebox.api.db.H2EndpointConfigRepository;
import dev.sagebox.api.db.H2EndpointRepository;
import dev.sagebox.api.db.H2ModelRepository;
import dev.sagebox.api.db.H2NotebookInstanceRepository;
import dev.sagebox.api.db.H2HyperParameterTuningJobRepository;
import dev.sagebox.api.db.H2ProcessingJobRepository;
import dev.sagebox.api.db.H2TagRepository;
import dev.sagebox.api.db.H2TransformJobRepository;
import dev.sagebox.api.db.H2TrainingJobRepository;
import dev.sagebox.api.db.H2TrainingMetricRepository;
import dev.sagebox.api.http.AwsService;
import dev.sagebox.api.http.BodyReceiver;
import dev.sagebox.api.http.ControlPlaneHandler;
import dev.sagebox.api.http.ErrorRenderer;
import dev.sagebox.api.http.HealthHandler;
import dev.sagebox.api.http.InputValidator;
import dev.sagebox.api.http.MetricsHandler;
import dev.sagebox.api.http.NotebookProxyHandler;
import dev.sagebox.api.http.FrontListener;
import dev.sagebox.api.http.RequestAuthenticator;
import dev.sagebox.api.http.RuntimeHandler;
import dev.sagebox.api.http.SageMakerOperations;
import dev.sagebox.api.http.SageboxHttpServer;
import dev.sagebox.api.http.ServiceRegistry;
import dev.sagebox.api.http.SigV4Authenticator;
import dev.sagebox.api.logs.LogsOperations;
import dev.sagebox.api.metrics.ChannelTrafficMetrics;
import dev.sagebox.api.metrics.ContainerGauges;
import dev.sagebox.api.metrics.EndpointMetrics;
import dev.sagebox.api.metrics.HttpServerGauges;
import dev.sagebox.api.metrics.MeteredTrainingJobs;
import dev.sagebox.api.metrics.PrometheusMetrics;
import dev.sagebox.api.metrics.RecordGauges;
import dev.sagebox.api.db.H2Figures;
import dev.sagebox.api.db.H2MetricPoints;
import dev.sagebox.api.db.H2TrainingMetricSource;
import dev.sagebox.api.cloudwatch.CloudWatchOperations;
import dev.sagebox.api.cloudwatch.EndpointSeconds;
import dev.sagebox.api.cloudwatch.MetricQueries;
import dev.sagebox.api.ops.EndpointConfigOperations;
import dev.sagebox.api.ops.EndpointOperations;
import dev.sagebox.api.ops.ModelOperations;
import dev.sagebox.api.ops.NotebookInstanceOperations;
import dev.sagebox.api.ops.OperationRegistry;
import dev.sagebox.api.ops.ProcessingJobOperations;
import dev.sagebox.api.ops.TagOperations;
import dev.sagebox.api.ops.TransformJobOperations;
import dev.sagebox.api.ops.TuningJobOperations;
import dev.sagebox.api.ops.TagService;
import dev.sagebox.api.ops.TrainingJobOperations;
import dev.sagebox.api.protocol.RequestValidator;
import dev.sagebox.api.protocol.ServiceModel;
import dev.sagebox.api.runtime.InvocationLane;
import dev.sagebox.api.runtime.InvocationProxy;
import dev.sagebox.api.runtime.LaneInvocations;
import dev.sagebox.api.iam.ExecutionRoles;
import dev.sagebox.api.iam.IamOperations;
import dev.sagebox.api.sts.StsOperations;
import dev.sagebox.api.wire.WireJson;
import dev.sagebox.api.wiring.CachedCheck;
import dev.sagebox.api.wiring.ObjectStorage;
import dev.sagebox.api.wiring.ServerIdentity;
import dev.sagebox.core.AwsScope;
import dev.sagebox.core.IdSource;
import dev.sagebox.core.ResourceRepository;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerReaper;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.SwarmContainerEngine;
import dev.sagebox.docker.EngineUnavailableException;
import dev.sagebox.hosting.EndpointConfigService;
import dev.sagebox.hosting.EndpointFleets;
import dev.sagebox.hosting.EndpointRouter;
import dev.sagebox.hosting.EndpointService;
import dev.sagebox.hosting.HealthProbe;
import dev.sagebox.hosting.HostingSettings;
import dev.sagebox.hosting.HttpHealthProbe;
import dev.sagebox.hosting.HttpNotebookProbe;
import dev.sagebox.hosting.InvocationMeters;
import dev.sagebox.hosting.JupyterTokens;
import dev.sagebox.hosting.ModelService;
import dev.sagebox.hosting.NotebookAccess;
import dev.sagebox.hosting.NotebookEngines;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.NotebookInstanceService;
import dev.sagebox.hosting.NotebookLifecycle;
import dev.sagebox.hosting.NotebookProbe;
import dev.sagebox.hosting.NotebookSettings;
import dev.sagebox.runner.DockerTrainingRunner;
import dev.sagebox.runner.SwarmTrainingRunner;
import dev.sagebox.runner.TrainingRunner;
import dev.sagebox.runner.RunnerSettings;
import dev.sagebox.core.ContainerSlots;
import dev.sagebox.hosting.transform.BatchTransformer;
import dev.sagebox.hosting.transform.TransformJobService;
import dev.sagebox.hosting.transform.TransformScheduler;
import dev.sagebox.runner.processing.DockerProcessingRunner;
import dev.sagebox.scheduler.TrainingJobRepository;
import dev.sagebox.scheduler.TrainingJobService;
import dev.sagebox.scheduler.processing.ProcessingJobService;
import dev.sagebox.scheduler.processing.ProcessingScheduler;
import dev.sagebox.scheduler.tuning.Strategies;
import dev.sagebox.scheduler.tuning.Tuner;
import dev.sagebox.scheduler.tuning.TuningChildren;
import dev.sagebox.scheduler.tuning.TuningJobService;
import dev.sagebox.scheduler.TrainingScheduler;
import dev.sagebox.storage.OwnerOnly;
import dev.sagebox.storage.credentials.FileCredentialIssuer;
import dev.sagebox.storage.logs.FileLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: wires every component of a running Sagebox, and closes them in reverse order. */
public final class Sagebox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sagebox.class);

    private static final Duration HEALTH_TTL = Duration.ofSeconds(2);

    private final SageboxConfig config;
    private final Deque<AutoCloseable> closeables;
    private final SageboxHttpServer http;
    private final URI s3Endpoint;
    private final List<AwsService> services;

    private Sagebox(SageboxConfig config, Deque<AutoCloseable> closeables, SageboxHttpServer http, URI s3Endpoint,
            List<AwsService> services) {
        this.config = config;
        this.closeables = closeables;
        this.http = http;
        this.s3Endpoint = s3Endpoint;
        this.services = List.copyOf(services);
    }

    /** The services answered on {@code POST /}, SageMaker first (docs/coverage.md is generated from them). */
    public List<AwsService> services() {
        return services;
    }

    /** Where S3 clients reach this Sagebox's S3. */
    public URI s3Endpoint() {
        return s3Endpoint;
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
        private Optional<ContainerEngine> containerEngine = Optional.empty();
        private Optional<NotebookProbe> notebookProbe = Optional.empty();
        private UnaryOperator<NotebookSettings> notebookSettings = UnaryOperator.identity();
        private Optional<HealthProbe> endpointHealthProbe = Optional.empty();
        private Optional<LogStore> logStore = Optional.empty();
        private Duration bodyReadTimeout = SageboxHttpServer.DEFAULT_BODY_READ_TIMEOUT;

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

        /** Runs containers on this engine instead of the Docker engine (component tests pass a fake). */
        public Builder containerEngine(ContainerEngine value) {
            this.containerEngine = Optional.of(value);
            return this;
        }

        /** Asks endpoint instances for their health this way instead of over HTTP (component tests with a fake engine). */
        public Builder endpointHealthProbe(HealthProbe value) {
            this.endpointHealthProbe = Optional.of(value);
            return this;
        }

        /** Keeps CloudWatch Logs in this store instead of files under the home; the caller closes it. */
        public Builder logStore(LogStore value) {
            this.logStore = Optional.of(value);
            return this;
        }

        /** Asks notebook instances' Jupyter whether it answers this way, not over HTTP (tests with a fake engine). */
        public Builder notebookProbe(NotebookProbe value) {
            this.notebookProbe = Optional.of(value);
            return this;
        }

        /** Adjusts how notebook instances run (tests shorten time limits). */
        public Builder notebookSettings(UnaryOperator<NotebookSettings> change) {
            this.notebookSettings = change;
            return this;
        }

        /**
         * How long a request's body may take to arrive before its connection is closed, so slow or stalled uploads
         * cannot pile up (tests shorten it).
         */
        public Builder bodyReadTimeout(Duration value) {
            this.bodyReadTimeout = value;
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
                // Owner-only before anything is written inside: the database holds notebook tokens, the job folders
                // training data, and Java cannot set a umask for what H2, S3Proxy or the runner create later.
                OwnerOnly.directory(config.home());
                for (String dir : List.of("db", "logs", "s3", "training-jobs", "processing-jobs", "transform-jobs",
                        "endpoints")) {
                    OwnerOnly.directory(config.home().resolve(dir));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Sagebox home " + config.home(), e);
            }
            AwsScope scope = new AwsScope(config.region(), config.accountId());
            PrometheusMetrics metrics = new PrometheusMetrics();
            closeables.push(metrics);
            String serverId = ServerIdentity.of(config.home());
            // The embedded S3 and the service model take the longest to load; they start while the database opens.
            FileCredentialIssuer credentials = FileCredentialIssuer.open(config.home().resolve("credentials"), clock,
                    FileCredentialIssuer.DEFAULT_WINDOW);
            closeables.push(credentials);
            CompletableFuture<ObjectStorage> s3Starting = CompletableFuture.supplyAsync(
                    () -> ObjectStorage.start(config, credentials::find));
            CompletableFuture<ServiceModel> modelLoading = CompletableFuture.supplyAsync(ServiceModel::load);
            closeables.push(() -> {
                var unused = s3Starting.thenAccept(ObjectStorage::close);
            }); // also when start-up fails midway
            Database db = inMemoryDatabase ? Database.inMemory(ids.newId()) : Database.onDisk(config.home().resolve("db"));
            closeables.push(db);
            ObjectStorage s3 = joined(s3Starting);
            createDefaultBucket(s3, scope);
            ContainerEngine engine = containerEngine.orElseGet(DockerJavaContainerEngine::fromEnvironment);
            closeables.push(engine);
            // On a swarm, endpoint instances, training hosts and notebooks are tasks on its nodes; processing and
            // transform jobs stay on the manager's engine.
            ContainerEngine clusterEngine = engine;
            if (config.engine().swarm()) {
                clusterEngine = SwarmContainerEngine.fromEnvironment(config.engine().registry(),
                        config.home().resolve("endpoints").resolve("images"));
                closeables.push(clusterEngine);
            }
            LogStore logs = logStore.orElseGet(() -> {
                FileLogStore files = new FileLogStore(config.home().resolve("logs"), clock);
                closeables.push(files);
                return files;
            });

            DocumentCodec codec = new DocumentCodec();
            H2ModelRepository models = new H2ModelRepository(db, codec);
            H2EndpointConfigRepository endpointConfigs = new H2EndpointConfigRepository(db, codec);
            H2TrainingJobRepository trainingJobRecords = new H2TrainingJobRepository(db, codec);
            TrainingJobRepository trainingJobs = new MeteredTrainingJobs(trainingJobRecords, metrics.registry());
            Map<ResourceType, ResourceRepository<?>> repositories = new LinkedHashMap<>();
            repositories.put(ResourceType.MODEL, models);
            repositories.put(ResourceType.ENDPOINT_CONFIG, endpointConfigs);
            repositories.put(ResourceType.TRAINING_JOB, trainingJobs);
            H2NotebookInstanceRepository notebooks = new H2NotebookInstanceRepository(db, codec);
            repositories.put(ResourceType.NOTEBOOK_INSTANCE, notebooks);
            H2EndpointRepository endpoints = new H2EndpointRepository(db, codec);
            repositories.put(ResourceType.ENDPOINT, endpoints);
            H2ProcessingJobRepository processingJobs = new H2ProcessingJobRepository(db, codec);
            repositories.put(ResourceType.PROCESSING_JOB, processingJobs);
            H2TransformJobRepository transformJobs = new H2TransformJobRepository(db, codec);
            repositories.put(ResourceType.TRANSFORM_JOB, transformJobs);
            H2HyperParameterTuningJobRepository tuningJobs = new H2HyperParameterTuningJobRepository(db, codec);
            repositories.put(ResourceType.HYPER_PARAMETER_TUNING_JOB, tuningJobs);
            TagService tags = new TagService(new H2TagRepository(db), scope, repositories);

            RunnerSettings runnerSettings = new RunnerSettings(config.home().resolve("training-jobs"), serverId,
                    s3.forContainers(), config.region(), config.training().stopGrace(),
                    config.training().resourceLimits());
            // Containers get credentials of their own where S3 accepts them; never the configured key.
            Optional<CredentialIssuer> issued = s3.acceptsIssuedCredentials() ? Optional.of(credentials)
                    : Optional.empty();
            TrainingRunner runner;
            if (config.engine().swarm()) {
                // Hosts as swarm tasks; their channels are staged, and their output uploaded, on their nodes.
                runner = new SwarmTrainingRunner(clusterEngine, s3.store(), logs, runnerSettings, issued);
            } else {
                DockerTrainingRunner local = new DockerTrainingRunner(engine, s3.store(), logs, runnerSettings, issued,
                        new ChannelTrafficMetrics(metrics.registry()));
                closeables.push(local);
                runner = local;
            }
            ContainerSlots jobContainers = new ContainerSlots(config.training().capacity());
            H2TrainingMetricRepository trainingMetrics = new H2TrainingMetricRepository(db);
            TrainingScheduler scheduler = new TrainingScheduler(trainingJobs, trainingMetrics, runner, jobContainers,
                    clock);
            closeables.push(scheduler);
            TrainingJobService training = new TrainingJobService(trainingJobs, scheduler, config.quotas(), scope, clock);
            TuningChildren tuningChildren = new TuningChildren(trainingJobs, trainingMetrics);
            Tuner tuner = new Tuner(tuningJobs, training, tuningChildren, Strategies::of, clock);
            closeables.push(tuner);
            DockerProcessingRunner processingRunner = new DockerProcessingRunner(engine, s3.store(), logs,
                    runnerSettings.inWorkRoot(config.home().resolve("processing-jobs")), issued);
            closeables.push(processingRunner);
            ProcessingScheduler processing = new ProcessingScheduler(processingJobs, processingRunner, jobContainers,
                    clock);
            closeables.push(processing);
            HealthProbe probe = endpointHealthProbe.orElseGet(HttpHealthProbe::new);
            HostingSettings hostingSettings = new HostingSettings(config.home().resolve("endpoints"), serverId,
                    config.hosting().startupTimeout(), config.hosting().healthInterval(), config.hosting().stopGrace(),
                    config.hosting().invocationTimeout(), ObjectStorage.dockerBridgeAddress().isPresent()
                            && containerEngine.isEmpty(), config.training().resourceLimits());
            // A swarm task is reached where its node publishes its port, never on this host's bridge.
            HostingSettings endpointSettings = config.engine().swarm() ? new HostingSettings(
                    hostingSettings.root(), serverId, hostingSettings.startupTimeout(),
                    hostingSettings.healthInterval(), hostingSettings.stopGrace(), hostingSettings.drainTimeout(),
                    false, hostingSettings.enforceResourceLimits()) : hostingSettings;
            TransformScheduler transforms = new TransformScheduler(transformJobs, new BatchTransformer(engine,
                    s3.store(), logs, probe, hostingSettings.inRoot(config.home().resolve("transform-jobs"))),
                    jobContainers, clock);
            closeables.push(transforms);
            Set<String> unfinishedJobs = new HashSet<>();
            transformJobs.unfinished().forEach(j -> unfinishedJobs.add(j.arn().toString()));
            trainingJobs.unfinished().forEach(j -> unfinishedJobs.add(j.arn().toString()));
            processingJobs.unfinished().forEach(j -> unfinishedJobs.add(j.arn().toString()));
            reapOrphans(engine, serverId, unfinishedJobs, endpoints, notebooks);
            if (clusterEngine != engine) {
                reapOrphans(clusterEngine, serverId, unfinishedJobs, endpoints, notebooks);
            }
            credentials.revokeAllBut(credentialOwners(unfinishedJobs, notebooks));
            int resumed = scheduler.recover() + processing.recover() + transforms.recover() + tuner.recover();
            if (resumed > 0) {
                LOG.info("resuming {} job(s) that were running when Sagebox last stopped", resumed);
            }
            EndpointMetrics endpointMetrics = new EndpointMetrics(metrics.registry());
            H2MetricPoints metricPoints = new H2MetricPoints(db);
            AtomicReference<EndpointRouter> routing = new AtomicReference<>();
            EndpointSeconds endpointSeconds = new EndpointSeconds(metricPoints, clock, config.metricsRetention(),
                    () -> routing.get() == null ? List.of() : routing.get().capacity());
            InvocationMeters invocationMeters = endpointMetrics.and(endpointSeconds);
            EndpointRouter router = new EndpointRouter(EndpointRouter.threadLocalRandom(), config.accountId(),
                    invocationMeters);
            routing.set(router);
            closeables.push(endpointSeconds.start());
            metrics.refreshBeforeScrape(() -> endpointMetrics.refreshInstances(router.capacity()));
            metrics.refreshBeforeScrape(new RecordGauges(new H2Figures(db, inMemoryDatabase ? Optional.empty()
                    : Optional.of(config.home().resolve("db").resolve("sagebox.mv.db"))), metrics.registry()));
            metrics.refreshBeforeScrape(new ContainerGauges(engine, serverId, metrics.registry()));
            EndpointFleets fleets = new EndpointFleets(endpoints, router, clusterEngine, s3.store(), logs, probe,
                    endpointSettings, clock);
            closeables.push(fleets);
            int endpointsRecovered = fleets.recover();
            if (endpointsRecovered > 0) {
                LOG.info("looking after {} endpoint(s) that existed when Sagebox last stopped", endpointsRecovered);
            }

            // Notebook containers learn the API's bridge address once it listens; until then none is started.
            AtomicReference<Map<String, String>> notebookEnvironment = new AtomicReference<>(Map.of());
            AtomicReference<URI> publicAddress = new AtomicReference<>();
            NotebookAccess notebookAccess = new NotebookAccess(clock);
            // On a swarm, instances with direct internet access are tasks pinned to their volume's node.
            NotebookEngines notebookEngines = clusterEngine == engine ? NotebookEngines.one(engine)
                    : NotebookEngines.withSwarm(engine, clusterEngine, config.home().resolve("notebooks")
                            .resolve("swarm-aws"));
            NotebookLifecycle notebookLifecycle = new NotebookLifecycle(notebooks, notebookEngines,
                    notebookProbe.orElseGet(HttpNotebookProbe::new),
                    notebookSettings.apply(NotebookSettings.defaults(serverId, config.training().resourceLimits())),
                    notebookEnvironment::get, notebookAccess, logs, clock, issued,
                    JupyterTokens.inHome(config.home()));
            closeables.push(notebookLifecycle);

            OperationRegistry.Builder registry = OperationRegistry.builder();
            new TagOperations(tags).register(registry);
            new ModelOperations(new ModelService(models, scope, clock), tags).register(registry);
            new EndpointConfigOperations(new EndpointConfigService(endpointConfigs, models, scope, clock), tags)
                    .register(registry);
            new TrainingJobOperations(training, tags).register(registry);
            new TuningJobOperations(new TuningJobService(tuningJobs, tuningChildren, tuner, scope, clock), tags)
                    .register(registry);
            new TransformJobOperations(new TransformJobService(transformJobs, models, transforms, scope, clock), tags)
                    .register(registry);
            new ProcessingJobOperations(new ProcessingJobService(processingJobs, processing, scope, clock), tags)
                    .register(registry);
            new NotebookInstanceOperations(new NotebookInstanceService(notebooks, notebookLifecycle, notebookAccess,
                    config.quotas(), scope, clock), tags, publicAddress::get).register(registry);
            new EndpointOperations(new EndpointService(endpoints, endpointConfigs, models, fleets, config.quotas(),
                    scope, clock), tags)
                    .register(registry);

            ObjectMapper wire = WireJson.mapper();
            ExecutionRoles roles = new ExecutionRoles(scope, createdAt(config.home()));
            IssuedOrConfiguredCredentials keys = new IssuedOrConfiguredCredentials(
                    new StaticCredentials(config.accessKey(), config.secretKey()), credentials);
            RequestAuthenticator authenticator = config.verifySignatures()
                    ? new SigV4Authenticator(new SigV4Verifier(keys, clock), keys::issued)
                    : RequestAuthenticator.NONE;
            InputValidator validator = new RequestValidator(joined(modelLoading))::validate;
            ErrorRenderer renderer = new ErrorRenderer(wire);
            SageMakerOperations sageMaker = new SageMakerOperations(registry.build(), validator, wire);
            List<AwsService> served = new ArrayList<>(List.of(sageMaker.service(),
                    new LogsOperations(logs, scope).service(), new StsOperations(scope, roles).service(),
                    new IamOperations(roles).service()));
            served.addAll(CloudWatchOperations.services(new MetricQueries(metricPoints,
                    new H2TrainingMetricSource(db), scope, clock)));
            ServiceRegistry services = new ServiceRegistry(served, sageMaker.service());
            ConsoleHandler console = new ConsoleHandler(ConsoleLinks.inHome(config.home(), clock),
                    new ConsoleSessions(clock), new ConsoleProxy(served));
            InvocationProxy invocations = new InvocationProxy(router, renderer, scope,
                    config.hosting().invocationTimeout(), invocationMeters);
            closeables.push(invocations);
            Map<String, Supplier<String>> health = new LinkedHashMap<>();
            health.put("database", () -> db.isHealthy() ? "ok" : "unavailable");
            health.put("s3", new CachedCheck(() -> s3.store().isReachable() ? "ok" : "unreachable at " + s3.endpoint(),
                    HEALTH_TTL, clock));
            health.put("docker", new CachedCheck(() -> dockerStatus(engine), HEALTH_TTL, clock));
            List<String> dockerBridge = ObjectStorage.dockerBridgeAddress().stream().toList();
            Optional<FrontListener> lane = Optional.empty();
            if (config.invocationLane()) {
                InvocationLane bound = InvocationLane.bind(config.host(), config.port(), config.laneThreads(),
                        new LaneInvocations(router, authenticator, renderer, scope,
                                config.hosting().invocationTimeout(), ids), bodyReadTimeout);
                closeables.push(bound);
                HttpServerGauges.bindLane(bound, bound.threads(), InvocationLane::invocationsServed,
                        InvocationLane::connectionsPassedOn, metrics.registry());
                lane = Optional.of(bound);
            }
            SageboxHttpServer http = SageboxHttpServer.start(config.host(), dockerBridge, config.port(),
                    new ControlPlaneHandler(services, authenticator),
                    new RuntimeHandler(authenticator, invocations, renderer, new BodyReceiver(bodyReadTimeout)),
                    Map.of("/_sagebox/health", new HealthHandler(health), "/metrics", new MetricsHandler(metrics),
                            ConsoleHandler.PATH, console, ConsoleHandler.PATH + "/", console),
                    Map.of(NotebookInstance.PATH_PREFIX, new NotebookProxyHandler(notebookAccess,
                            notebookLifecycle::server, notebookLifecycle::jupyterToken)),
                    renderer, ids, bodyReadTimeout, config.ioThreads(), lane);
            closeables.push(http);
            HttpServerGauges.bind(http.worker(), metrics.registry());
            String userHost = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1"
                    : config.host();
            publicAddress.set(URI.create("http://" + userHost + ":" + http.port()));
            notebookEnvironment.set(notebookEnvironment(config, http, s3, issued.isEmpty()));
            int notebooksRecovered = notebookLifecycle.recover();
            if (notebooksRecovered > 0) {
                LOG.info("bringing back {} notebook instance(s) that were in service when Sagebox last stopped",
                        notebooksRecovered);
            }
            LOG.info("Sagebox listening on http://{}:{} (S3 at {}, data in {})", config.host(), http.port(),
                    s3.endpoint(), config.home());
            return new Sagebox(config, closeables, http, s3.endpoint(), served);
        }

        /** The value of a start-up task, with its own exception rather than a wrapper. */
        private static <T> T joined(CompletableFuture<T> task) {
            try {
                return task.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        /** When this Sagebox's home came to be: the CreateDate of the account's roles. */
        private static Instant createdAt(Path home) {
            try {
                return Files.readAttributes(home, BasicFileAttributes.class).creationTime().toInstant()
                        .truncatedTo(ChronoUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the attributes of " + home, e);
            }
        }

        /** The SDK's default bucket; an external S3 that refuses it costs the SDK its default, not the server. */
        private static void createDefaultBucket(ObjectStorage s3, AwsScope scope) {
            try {
                s3.store().createBucketIfAbsent(scope.defaultBucket());
            } catch (RuntimeException e) {
                LOG.warn("cannot create the default bucket {} at {}: {}", scope.defaultBucket(), s3.endpoint(),
                        e.toString());
            }
        }

        /** Removes this server's labelled containers whose job is over; the running ones are resumed instead. */
        private static void reapOrphans(ContainerEngine engine, String serverId, Set<String> unfinishedJobs,
                H2EndpointRepository endpoints, H2NotebookInstanceRepository notebooks) {
            Set<String> live = new HashSet<>(unfinishedJobs);
            endpoints.toRecover().forEach(e -> live.add(e.arn().toString()));
            // Every notebook instance, stopped ones too: their volumes outlive their containers.
            notebooks.all().forEach(n -> live.add(n.arn().toString()));
            try {
                ContainerReaper.Reaped reaped = new ContainerReaper(engine, serverId).reap(live);
                if (!reaped.containers().isEmpty()) {
                    LOG.info("removed {} leftover container(s) of jobs that are over", reaped.containers().size());
                }
            } catch (EngineUnavailableException e) {
                LOG.warn("no Docker engine answers; training, endpoints and notebooks will fail until one does ({})",
                        e.getMessage());
            }
        }

        /** The resources whose credentials stay valid across a restart: jobs not over, notebooks not stopped. */
        private static Set<String> credentialOwners(Set<String> unfinishedJobs,
                H2NotebookInstanceRepository notebooks) {
            Set<String> owners = new HashSet<>(unfinishedJobs);
            notebooks.all().stream()
                    .filter(n -> n.status() != NotebookInstanceStatus.STOPPED && n.status() != NotebookInstanceStatus.FAILED)
                    .forEach(n -> owners.add(n.arn().toString()));
            return owners;
        }

        /**
         * What notebook containers get so that boto3 inside reaches this Sagebox: its endpoints on the Docker bridge
         * and region (their keys are their own, mounted; see CredentialDelivery).
         */
        private static Map<String, String> notebookEnvironment(SageboxConfig config, SageboxHttpServer http,
                ObjectStorage s3, boolean withConfiguredKeys) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_DEFAULT_REGION", config.region());
            env.put("AWS_REGION", config.region());
            if (withConfiguredKeys) {
                // Only with an external S3, which would not take the notebook's own credentials.
                env.put("AWS_ACCESS_KEY_ID", config.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", config.secretKey());
            }
            http.extraEndpoints().stream().findFirst().ifPresentOrElse(api -> {
                env.put("AWS_ENDPOINT_URL_SAGEMAKER", api.toString());
                env.put("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", api.toString());
            }, () -> LOG.warn("the API listens on no Docker bridge address: boto3 inside notebook instances"
                    + " cannot reach it"));
            s3.forContainers().ifPresent(c -> env.put("AWS_ENDPOINT_URL_S3", c.endpoint().toString()));
            return Map.copyOf(env);
        }

        private static String dockerStatus(ContainerEngine engine) {
            try {
                return "ok (engine " + engine.info().serverVersion() + ")";
            } catch (RuntimeException e) {
                return "unavailable: " + e.getMessage();
            }
        }
    }
}
