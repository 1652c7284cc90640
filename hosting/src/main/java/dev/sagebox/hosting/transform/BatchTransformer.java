package dev.sagebox.hosting.transform;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.hosting.ContainerDefinition;
import dev.sagebox.hosting.HealthProbe;
import dev.sagebox.hosting.HostingSettings;
import dev.sagebox.hosting.InstanceLauncher;
import dev.sagebox.hosting.InstanceNaming;
import dev.sagebox.hosting.LaunchFailure;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.ModelDataStager;
import dev.sagebox.hosting.ServingInstance;
import dev.sagebox.hosting.VariantDeployment;
import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolutionException;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.LocalTrees;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch transform as SageMaker does: InstanceCount instances of the model's containers ({@code serve}, model
 * data staged, {@code /ping} awaited), the input objects spread over them by key, each object's records sent to
 * {@code /invocations} and the answers assembled into {@code <S3OutputPath>/<relative key>.out}.
 */
public final class BatchTransformer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchTransformer.class);
    /** The one variant of a transform job's instances, as logs and launch failures name it. */
    static final String VARIANT = "AllTraffic";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ObjectStore store;
    private final HostingSettings settings;
    private final InstanceLauncher launcher;
    private final ModelDataStager stager;
    private final ChannelResolver resolver;

    /** @param settings {@code root} is where each job's model data is staged ({@code $SAGEBOX_HOME/transform-jobs}) */
    public BatchTransformer(ContainerEngine engine, ObjectStore store, LogStore logs, HealthProbe probe,
            HostingSettings settings) {
        this.store = store;
        this.settings = settings;
        this.launcher = new InstanceLauncher(engine, probe, settings, logs, InstanceNaming.TRANSFORM_JOBS);
        this.stager = new ModelDataStager(store);
        this.resolver = new ChannelResolver(store);
    }

    /** Starts the instances and transforms every object; returns when done, failed or stopped. */
    public TransformOutcome run(TransformSpec spec, BooleanSupplier stopped) throws InterruptedException {
        VariantDeployment variant = variant(spec);
        List<ServingInstance> instances;
        try {
            List<Path> modelDirs = stage(spec, variant);
            List<InstanceLauncher.Launch> launches = new ArrayList<>();
            for (int i = 1; i <= spec.instanceCount(); i++) {
                launches.add(new InstanceLauncher.Launch(spec.jobName(), spec.jobArn(), 0, variant, modelDirs,
                        "algo-" + i));
            }
            instances = launcher.launch(launches, stopped);
        } catch (LaunchFailure e) {
            clean(spec);
            return TransformOutcome.failed("ClientError: " + e.getMessage());
        } catch (InterruptedException e) {
            if (stopped.getAsBoolean()) {
                clean(spec);
                return TransformOutcome.stopped();
            }
            throw e;
        }
        return transform(spec, instances, stopped, false);
    }

    /**
     * After a restart: carries on with the instances still running (objects whose output exists already are not
     * sent again), or fails the job when they are gone.
     */
    public TransformOutcome resume(TransformSpec spec, BooleanSupplier stopped) throws InterruptedException {
        VariantDeployment variant = variant(spec);
        List<ServingInstance> adopted = launcher.adopt(spec.jobName(), spec.jobArn(), 0,
                Map.of(variant.variantName(), variant));
        if (adopted.size() < spec.instanceCount()) {
            adopted.forEach(launcher::remove);
            clean(spec);
            return TransformOutcome.failed("InternalServerError: Sagebox restarted while this transform job ran and"
                    + " its instances are gone, so it cannot finish. Create it again.");
        }
        LOG.info("re-attached transform job {} to its {} running instance(s)", spec.jobName(), adopted.size());
        return transform(spec, adopted, stopped, true);
    }

    /** The model's containers with the job's Environment added, as one variant of InstanceCount instances. */
    static VariantDeployment variant(TransformSpec spec) {
        Model m = spec.model();
        Model withEnvironment = new Model(m.name(), m.arn(), withEnvironment(m.primaryContainer(), spec),
                m.supplementalContainers().stream().map(c -> withEnvironment(c, spec)).toList(),
                m.givenAsContainers(), m.executionRoleArn(), m.creationTime(), m.enableNetworkIsolation());
        return new VariantDeployment(VARIANT, withEnvironment, spec.instanceType(), spec.instanceCount(), 1f);
    }

    private static ContainerDefinition withEnvironment(ContainerDefinition c, TransformSpec spec) {
        Map<String, String> env = new HashMap<>(c.environment());
        env.putAll(spec.environment());
        return new ContainerDefinition(c.containerHostname(), c.image(), c.modelDataUrl(), env);
    }

    private Path jobDir(TransformSpec spec) {
        return settings.root().resolve(spec.jobName().toLowerCase(Locale.ROOT));
    }

    private List<Path> stage(TransformSpec spec, VariantDeployment variant) throws LaunchFailure {
        List<Path> dirs = new ArrayList<>();
        List<ContainerDefinition> containers = variant.containers();
        for (int i = 0; i < containers.size(); i++) {
            Path dir = jobDir(spec).resolve("model-" + i);
            stager.stage(containers.get(i).modelDataUrl(), dir, VARIANT, spec.instanceType());
            dirs.add(dir);
        }
        return dirs;
    }

    private void clean(TransformSpec spec) {
        LocalTrees.delete(jobDir(spec));
    }

    private TransformOutcome transform(TransformSpec spec, List<ServingInstance> instances, BooleanSupplier stopped,
            boolean skipDone) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        ExecutorService perInstance = Executors.newFixedThreadPool(instances.size(), DaemonThreads.named("transform-" + spec.jobName()));
        List<ExecutorService> requestPools = new ArrayList<>();
        CompletableFuture<String> failure = new CompletableFuture<>();
        BooleanSupplier halted = () -> stopped.getAsBoolean() || failure.isDone();
        boolean shuttingDown = false;
        try {
            ExecutionParameters parameters = ExecutionParameters.resolve(spec, http, instances.get(0).primary());
            TransformRecords records = records(spec, parameters);
            List<ChannelObject> objects = resolver.channel(ChannelDataSource.of(spec.input().dataType().wireName(),
                    spec.input().s3Uri()));
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                List<ChannelObject> share = new ArrayList<>();
                for (int j = i; j < objects.size(); j += instances.size()) {
                    share.add(objects.get(j));
                }
                ExecutorService requests = Executors.newFixedThreadPool(parameters.maxConcurrentTransforms(),
                        DaemonThreads.named("invoke-" + spec.jobName()));
                requestPools.add(requests);
                ModelInvoker invoker = new ModelInvoker(http, instances.get(i).primary(), spec.input().contentType(),
                        spec.output().accept(), spec.invocationsTimeout(), spec.invocationsMaxRetries());
                ObjectTransform transform = new ObjectTransform(store, spec, records, invoker, requests,
                        parameters.maxConcurrentTransforms(), jobDir(spec).resolve("scratch-" + i), halted,
                        settings.stopGrace());
                running.add(perInstance.submit(() -> transformAll(share, transform, spec, skipDone, failure)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.complete("InternalServerError: " + e.getCause());
                }
            }
            if (failure.isDone()) {
                return TransformOutcome.failed(failure.getNow(""));
            }
            return stopped.getAsBoolean() ? TransformOutcome.stopped() : TransformOutcome.completed();
        } catch (ChannelResolutionException e) {
            return TransformOutcome.failed(e.getMessage().startsWith("ClientError:") ? e.getMessage()
                    : "ClientError: " + e.getMessage());
        } catch (ObjectStoreException e) {
            return TransformOutcome.failed("ClientError: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return TransformOutcome.failed("ClientError: " + e.getMessage());
        } catch (InterruptedException e) {
            // The server is shutting down: the instances keep running and the next start resumes the job.
            shuttingDown = !stopped.getAsBoolean();
            throw e;
        } finally {
            perInstance.shutdownNow();
            requestPools.forEach(ExecutorService::shutdownNow);
            if (shuttingDown) {
                launcher.detachLogs();
            } else {
                instances.forEach(launcher::remove);
                clean(spec);
            }
        }
    }

    /** One instance's objects, one after the other; the first failure halts every instance. */
    private void transformAll(List<ChannelObject> share, ObjectTransform transform, TransformSpec spec,
            boolean skipDone, CompletableFuture<String> failure) {
        try {
            for (ChannelObject object : share) {
                if (failure.isDone()) {
                    return;
                }
                S3Location output = outputOf(spec, object);
                if (skipDone && store.stat(output).isPresent()) {
                    continue;
                }
                if (!transform.run(object, output)) {
                    return;
                }
            }
        } catch (ObjectTransform.TransformFailure e) {
            failure.complete(e.getMessage());
        } catch (ObjectStoreException e) {
            failure.complete("ClientError: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code <S3OutputPath>/<key relative to the input prefix>.out}. */
    static S3Location outputOf(TransformSpec spec, ChannelObject object) {
        S3Location base = S3Location.parse(spec.output().s3OutputPath()).orElseThrow(() ->
                new IllegalArgumentException("S3OutputPath is not an S3 URI: " + spec.output().s3OutputPath()));
        String prefix = base.key().isEmpty() || base.key().endsWith("/") ? base.key() : base.key() + "/";
        return new S3Location(base.bucket(), prefix + object.relativePath() + ".out");
    }

    private static TransformRecords records(TransformSpec spec, ExecutionParameters parameters) {
        return new TransformRecords(spec.input().splitType(), parameters.batchStrategy(),
                (long) parameters.maxPayloadInMB() << 20, spec.dataProcessing(), spec.input().contentType(),
                spec.output().accept());
    }

    /** Stops following the instances' output without touching them (server shutdown: the job resumes later). */
    public void detach() {
        launcher.detachLogs();
    }

}
