package dev.sagebox.runner;

import dev.sagebox.core.InstanceTypes;
import dev.sagebox.core.SecondaryStatus;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.EngineUnavailableException;
import dev.sagebox.docker.NoSuchImageException;
import dev.sagebox.storage.ChannelResolutionException;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a training job as SageMaker would, in real containers: {@code docker run IMAGE train} per host with the
 * contract's {@code /opt/ml} layout, File-mode data fetched from S3 first, artifacts packed and uploaded at the end.
 */
public final class DockerTrainingRunner implements TrainingRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerTrainingRunner.class);
    /** Why a job that streamed Pipe-mode input fails when the server restarted under it, on any engine. */
    static final String PIPE_NOT_RESUMABLE = "InternalServerError: Sagebox restarted while this job was streaming"
            + " Pipe-mode input; a Pipe stream cannot be resumed where it broke off. Create the job again.";

    private final ContainerEngine engine;
    private final LogStore logs;
    private final RunnerSettings settings;
    private final ChannelTraffic traffic;
    private final ObjectStore store;
    private final ChannelResolver resolver;
    private final FileChannelStager stager;
    private final OutputUploader uploader;
    /** Removes finished jobs' containers, network and scratch files after their outcome is known. */
    private final Optional<CredentialIssuer> credentials;
    private final ExecutorService teardowns = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training-teardown");
        t.setDaemon(true);
        return t;
    });
    /** Runs every job's periodic checkpoint uploads; one thread, since a round is a directory walk and few uploads. */
    private final ScheduledExecutorService checkpointTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "training-checkpoints");
        t.setDaemon(true);
        return t;
    });

    /** Measures running jobs' volumes against their VolumeSizeInGB (see {@link VolumeWatch}). */
    private final ScheduledExecutorService volumeTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "training-volumes");
        t.setDaemon(true);
        return t;
    });

    public DockerTrainingRunner(ContainerEngine engine, ObjectStore store, LogStore logs, RunnerSettings settings) {
        this(engine, store, logs, settings, Optional.empty());
    }

    /**
     * @param credentials issues each job its own credentials for S3 and the API, in place of the keys in
     *                    {@code settings.containerS3()} (empty: an external S3 that only knows those keys)
     */
    public DockerTrainingRunner(ContainerEngine engine, ObjectStore store, LogStore logs, RunnerSettings settings,
            Optional<CredentialIssuer> credentials) {
        this(engine, store, logs, settings, credentials, ChannelTraffic.NONE);
    }

    /** As the other constructors; {@code traffic} counts the channel bytes each job's hosts receive. */
    public DockerTrainingRunner(ContainerEngine engine, ObjectStore store, LogStore logs, RunnerSettings settings,
            Optional<CredentialIssuer> credentials, ChannelTraffic traffic) {
        this.traffic = traffic;
        this.credentials = credentials;
        this.engine = engine;
        this.logs = logs;
        this.settings = settings;
        this.store = store;
        this.resolver = new ChannelResolver(store);
        this.stager = new FileChannelStager(store, resolver, traffic);
        this.uploader = new OutputUploader(store);
    }

    @Override
    public TrainingOutcome run(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        JobWorkspace workspace = new JobWorkspace(settings.workRoot(), spec.jobName(), spec.instanceCount());
        TrainingCluster cluster = new TrainingCluster(engine, settings, logs, credentials);
        try {
            Optional<String> refused = preflight(spec);
            if (refused.isPresent()) {
                return TrainingOutcome.failed(refused.get());
            }
            workspace.create();
            workspace.hosts().forEach(host -> ConfigFiles.write(workspace, spec, host));
            Optional<CheckpointSync> checkpoints = checkpoints(spec, workspace);
            if (FileChannelStager.hasFileChannels(spec) || checkpoints.isPresent()) {
                observer.entered(SecondaryStatus.DOWNLOADING, downloadingMessage(spec));
            }
            checkpoints.ifPresent(CheckpointSync::restore);
            if (FileChannelStager.hasFileChannels(spec)) {
                stager.stage(spec, workspace);
            }
            if (stop.cause().isPresent()) {
                return TrainingOutcome.stopped(stop.cause().get());
            }
            VolumeWatch volume = new VolumeWatch(spec, workspace);
            Optional<String> tooMuchInput = volume.check();
            if (tooMuchInput.isPresent()) {
                workspace.clean();
                return TrainingOutcome.failed(tooMuchInput.get());
            }
            PipeFeeds feeds = PipeFeeds.prepare(spec, workspace, store, resolver, traffic);
            // Feeding starts before the containers do: each feeder reads its epoch's first block while the
            // algorithm starts up, so that block is waiting when the algorithm opens its FIFO.
            feeds.start(spec.jobName());
            List<HostContainer> hosts;
            try {
                hosts = cluster.start(spec, workspace, metrics(spec, observer));
            } catch (RuntimeException e) {
                feeds.close();
                throw e;
            }
            checkpoints.ifPresent(c -> c.start(checkpointTimer, settings.checkpointSyncInterval()));
            observer.entered(SecondaryStatus.TRAINING, "Training image download completed. Training in progress.");
            return finish(spec, workspace, cluster, hosts, feeds, volume.start(volumeTimer), checkpoints, observer,
                    stop);
        } catch (TrainingInterruptedException e) {
            cluster.detach();
            throw e;
        } catch (RuntimeException e) {
            return failedOrInterrupted(spec, cluster, e);
        }
    }

    @Override
    public TrainingOutcome resume(TrainingSpec spec, TrainingObserver observer, StopSignal stop) {
        JobWorkspace workspace = new JobWorkspace(settings.workRoot(), spec.jobName(), spec.instanceCount());
        TrainingCluster cluster = new TrainingCluster(engine, settings, logs, credentials);
        try {
            Optional<List<HostContainer>> hosts = workspace.exists()
                    ? cluster.find(spec, workspace) : Optional.empty();
            if (hosts.isPresent() && spec.channels().stream().anyMatch(c -> c.inputMode() == ChannelInputMode.PIPE)) {
                cluster.tearDown(spec);
                return TrainingOutcome.failed(PIPE_NOT_RESUMABLE);
            }
            if (hosts.isEmpty()) {
                cluster.tearDown(spec);
                return TrainingOutcome.failed("InternalServerError: Sagebox restarted while this job was running and"
                        + " its training containers are gone, so the job cannot finish. Create it again.");
            }
            LOG.info("re-attached training job {} to its {} running container(s)", spec.jobName(), hosts.get().size());
            cluster.refollow(spec, hosts.get(), metrics(spec, observer));
            Optional<CheckpointSync> checkpoints = checkpoints(spec, workspace);
            checkpoints.ifPresent(c -> c.start(checkpointTimer, settings.checkpointSyncInterval()));
            return finish(spec, workspace, cluster, hosts.get(), PipeFeeds.none(),
                    new VolumeWatch(spec, workspace).start(volumeTimer), checkpoints, observer, stop);
        } catch (TrainingInterruptedException e) {
            cluster.detach();
            throw e;
        } catch (RuntimeException e) {
            return failedOrInterrupted(spec, cluster, e);
        }
    }

    /**
     * A failure on a thread that was interrupted is the server shutting down, not the job failing: the containers
     * keep running and the next start resumes the job.
     */
    private TrainingOutcome failedOrInterrupted(TrainingSpec spec, TrainingCluster cluster, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            cluster.detach();
            throw new TrainingInterruptedException(spec.jobName());
        }
        cluster.tearDown(spec);
        return TrainingOutcome.failed(reason(e));
    }

    private Optional<CheckpointSync> checkpoints(TrainingSpec spec, JobWorkspace workspace) {
        return spec.checkpointConfig().map(c -> CheckpointSync.of(store, spec, c, workspace));
    }

    /** Hears the hosts' lines for the job's MetricDefinitions and reports what they match to the observer. */
    private static TrainingLogListener metrics(TrainingSpec spec, TrainingObserver observer) {
        return MetricExtractor.of(spec.algorithm().metricDefinitions(), observer::metric);
    }

    /** Waits for the hosts, uploads what they left, and says how the job ended. */
    private TrainingOutcome finish(TrainingSpec spec, JobWorkspace workspace, TrainingCluster cluster,
            List<HostContainer> hosts, PipeFeeds feeds, VolumeWatch volume,
            Optional<CheckpointSync> checkpoints, TrainingObserver observer, StopSignal stop) {
        ClusterWait.Ending ending;
        // A Pipe channel that broke or a volume over its size stops the hosts and fails the job.
        CompletableFuture<String> platformFailure = new CompletableFuture<>();
        var unusedFeeds = feeds.failure().whenComplete((reason, e) -> {
            if (e != null) {
                platformFailure.completeExceptionally(e);
            } else {
                platformFailure.complete(reason);
            }
        });
        var unusedVolume = volume.exceeded().thenAccept(platformFailure::complete);
        try (feeds; volume) {
            ending = new ClusterWait(engine, settings.stopGrace()).await(hosts, stop, platformFailure, spec.jobName());
        } catch (RuntimeException e) {
            checkpoints.ifPresent(CheckpointSync::detach);
            throw e;
        }
        Optional<String> failure = ending.firstFailure().map(exit -> failureReason(workspace, cluster, exit))
                .or(ending::platformFailure);
        if (failure.isEmpty() && ending.stopCause().isEmpty()) {
            // A job that wrote too much and exited between two measurements fails all the same.
            failure = volume.check();
        }
        cluster.drainLogs();
        try {
            // Also after a stop or a failure: the next job with the same S3Uri resumes from these.
            checkpoints.ifPresent(CheckpointSync::finish);
            observer.entered(SecondaryStatus.UPLOADING, "Uploading generated training model");
            uploader.upload(spec, workspace);
        } finally {
            // The job's outcome does not wait for Docker to remove its containers and network, unless it failed:
            // the scheduler may then retry it at once (RetryStrategy), with the same container names and workspace.
            Runnable teardown = () -> {
                cluster.tearDown(spec);
                workspace.clean();
            };
            if (failure.isPresent() && ending.stopCause().isEmpty()) {
                teardown.run();
            } else {
                teardowns.execute(teardown);
            }
        }
        if (ending.stopCause().isPresent()) {
            return TrainingOutcome.stopped(ending.stopCause().get());
        }
        return failure.map(TrainingOutcome::failed).orElseGet(TrainingOutcome::completed);
    }

    private String failureReason(JobWorkspace workspace, TrainingCluster cluster, ClusterWait.HostExit exit) {
        Optional<String> written = OutputUploader.failureText(workspace, exit.host().name());
        if (written.isPresent()) {
            return "AlgorithmError: " + written.get();
        }
        boolean oom = cluster.inspect(exit.host()).map(ContainerState::oomKilled).orElse(false);
        if (oom) {
            return "AlgorithmError: " + exit.host().name() + " ran out of memory and was killed. Exit Code: "
                    + exit.exitCode();
        }
        return "AlgorithmError: Exit Code: " + exit.exitCode();
    }

    /** What SageMaker would refuse before starting anything: a missing image, GPUs the engine cannot give. */

    /**
     * The Downloading transition's message. FastFile channels are downloaded before training like File ones (Sagebox
     * does not mount S3 lazily), and the message says so, so a user reading DescribeTrainingJob knows.
     */
    static String downloadingMessage(TrainingSpec spec) {
        List<String> fastFile = spec.channels().stream().filter(c -> c.inputMode() == ChannelInputMode.FAST_FILE)
                .map(ChannelDefinition::name).toList();
        return fastFile.isEmpty() ? "Downloading input data" : "Downloading input data (FastFile channel(s) "
                + String.join(", ", fastFile) + " are downloaded as in File mode: Sagebox does not stream FastFile)";
    }
    private Optional<String> preflight(TrainingSpec spec) {
        String image = spec.algorithm().trainingImage();
        if (!engine.imageExists(image)) {
            return Optional.of("ClientError: The training image " + image + " does not exist on this host. Build it"
                    + " locally first: Sagebox never pulls images.");
        }
        int gpus = InstanceTypes.shape(spec.instanceType()).map(InstanceTypes.Shape::gpus).orElse(0);
        if (gpus > 0 && !engine.info().hasNvidiaRuntime()) {
            return Optional.of("CapacityError: Instance type " + spec.instanceType() + " needs " + gpus + " GPU(s), but"
                    + " the Docker engine has no nvidia runtime. Use a CPU instance type, or install the NVIDIA"
                    + " container toolkit.");
        }
        return Optional.empty();
    }

    /** Waits (bounded) for pending teardowns, so a stopping server leaves nothing of finished jobs behind. */
    @Override
    public void close() {
        checkpointTimer.shutdownNow();
        volumeTimer.shutdownNow();
        teardowns.shutdown();
        try {
            if (!teardowns.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("training teardowns still running at shutdown; the reaper removes leftovers at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The FailureReason of a job that failed inside Sagebox, by what failed. */
    static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ChannelResolutionException) {
            return message.startsWith("ClientError:") ? message : "ClientError: " + message;
        }
        if (e instanceof NoSuchImageException) {
            return "ClientError: " + message;
        }
        if (e instanceof ObjectStoreException s) {
            return switch (s.kind()) {
                case NO_SUCH_BUCKET, NO_SUCH_KEY, ACCESS_DENIED -> "ClientError: " + message;
                case UNREACHABLE, FAILED -> "InternalServerError: S3 failed: " + message;
            };
        }
        if (e instanceof EngineUnavailableException || e instanceof ContainerEngineException) {
            return "InternalServerError: " + message;
        }
        if (e instanceof UncheckedIOException) {
            return "InternalServerError: " + message;
        }
        LOG.error("training failed inside Sagebox", e);
        return "InternalServerError: " + message;
    }
}
