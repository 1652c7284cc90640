package dev.sagebox.runner.processing;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerEngineException;
import dev.sagebox.docker.EngineUnavailableException;
import dev.sagebox.docker.NoSuchImageException;
import dev.sagebox.runner.ChannelDefinition;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.CheckpointSync;
import dev.sagebox.runner.ClusterWait;
import dev.sagebox.runner.HostContainer;
import dev.sagebox.runner.PipeFeeds;
import dev.sagebox.runner.RunnerSettings;
import dev.sagebox.runner.StopSignal;
import dev.sagebox.runner.TrainingInterruptedException;
import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolutionException;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.ObjectStoreException;
import dev.sagebox.storage.S3Location;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a processing job as SageMaker would: inputs fetched from S3 into each host's LocalPath (or streamed through a
 * FIFO in Pipe mode), {@code algo-1 … algo-N} started from the image with the job's entrypoint and arguments, the files
 * every host writes under each output's LocalPath uploaded to its S3Uri (as they are written, for Continuous).
 */
public final class DockerProcessingRunner implements ProcessingRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerProcessingRunner.class);
    /** How often Continuous outputs are scanned for new or changed files. */
    static final Duration CONTINUOUS_INTERVAL = Duration.ofSeconds(2);

    private final ContainerEngine engine;
    private final ObjectStore store;
    private final LogStore logs;
    private final RunnerSettings settings;
    private final Optional<CredentialIssuer> credentials;
    private final ChannelResolver resolver;
    private final ScheduledExecutorService uploads = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("processing-uploads"));
    private final ExecutorService teardowns = Executors.newSingleThreadExecutor(
            DaemonThreads.named("processing-teardown"));

    /**
     * @param settings where job folders live ({@code workRoot}), the server id, S3 for containers, the stop grace
     * @param credentials issues each job its own S3 credentials (empty: an external S3 that only knows its own keys)
     */
    public DockerProcessingRunner(ContainerEngine engine, ObjectStore store, LogStore logs, RunnerSettings settings,
            Optional<CredentialIssuer> credentials) {
        this.engine = engine;
        this.store = store;
        this.logs = logs;
        this.settings = settings;
        this.credentials = credentials;
        this.resolver = new ChannelResolver(store);
    }

    @Override
    public ProcessingOutcome run(ProcessingSpec spec, StopSignal stop) {
        if (!engine.imageExists(spec.imageUri())) {
            return ProcessingOutcome.failed("ClientError: The processing image " + spec.imageUri() + " does not exist"
                    + " on this host. Build it locally first: Sagebox never pulls images.");
        }
        ProcessingWorkspace workspace = workspace(spec);
        ProcessingHosts hosts = new ProcessingHosts(engine, settings, logs, credentials);
        try {
            workspace.create(spec);
            stageFiles(spec, workspace);
            if (stop.cause().isPresent()) {
                workspace.clean();
                return ProcessingOutcome.stopped(stop.cause().get());
            }
            PipeFeeds feeds = pipes(spec, workspace);
            feeds.start(spec.jobName());
            List<OutputSync> outputs = outputs(spec, workspace);
            List<HostContainer> started;
            try {
                started = hosts.start(spec, workspace);
            } catch (RuntimeException e) {
                feeds.close();
                throw e;
            }
            return finish(spec, workspace, hosts, started, feeds, outputs, stop);
        } catch (TrainingInterruptedException e) {
            hosts.detach();
            throw e;
        } catch (RuntimeException e) {
            return failedOrInterrupted(spec, workspace, hosts, e);
        }
    }

    @Override
    public ProcessingOutcome resume(ProcessingSpec spec, StopSignal stop) {
        ProcessingWorkspace workspace = workspace(spec);
        ProcessingHosts hosts = new ProcessingHosts(engine, settings, logs, credentials);
        try {
            Optional<List<HostContainer>> found = workspace.exists() ? hosts.find(spec, workspace) : Optional.empty();
            boolean piped = spec.inputs().stream().anyMatch(in -> in.inputMode() == ChannelInputMode.PIPE);
            if (found.isEmpty() || piped) {
                hosts.tearDown(spec);
                workspace.clean();
                return ProcessingOutcome.failed(found.isEmpty()
                        ? "InternalServerError: Sagebox restarted while this job was running and its containers are"
                                + " gone, so the job cannot finish. Create it again."
                        : "InternalServerError: Sagebox restarted while this job was streaming Pipe-mode input; a"
                                + " Pipe stream cannot be resumed where it broke off. Create the job again.");
            }
            LOG.info("re-attached processing job {} to its {} running container(s)", spec.jobName(),
                    found.get().size());
            hosts.refollow(spec, found.get());
            return finish(spec, workspace, hosts, found.get(), PipeFeeds.none(), outputs(spec, workspace), stop);
        } catch (TrainingInterruptedException e) {
            hosts.detach();
            throw e;
        } catch (RuntimeException e) {
            return failedOrInterrupted(spec, workspace, hosts, e);
        }
    }

    private ProcessingWorkspace workspace(ProcessingSpec spec) {
        return new ProcessingWorkspace(settings.workRoot(), spec.jobName(), spec.instanceCount());
    }

    /** File-mode inputs: each host's share of the objects, key paths kept relative to the prefix. */
    private void stageFiles(ProcessingSpec spec, ProcessingWorkspace workspace) {
        List<String> names = workspace.hosts();
        for (int i = 0; i < spec.inputs().size(); i++) {
            ProcessingInput input = spec.inputs().get(i);
            if (input.inputMode() != ChannelInputMode.FILE) {
                continue;
            }
            List<List<ChannelObject>> perHost = resolver.resolveAll(source(input), names.size());
            for (int h = 0; h < names.size(); h++) {
                var dir = workspace.inputDir(names.get(h), i);
                for (ChannelObject object : perHost.get(h)) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TrainingInterruptedException(spec.jobName());
                    }
                    store.download(object.location(), dir.resolve(object.relativePath()));
                }
            }
        }
    }

    /** Pipe-mode inputs: the FIFO {@code <LocalPath>/<InputName>_0} of each host, fed from its share. */
    private PipeFeeds pipes(ProcessingSpec spec, ProcessingWorkspace workspace) {
        List<String> names = workspace.hosts();
        List<PipeFeeds.PipeInput> pipes = new ArrayList<>();
        for (int i = 0; i < spec.inputs().size(); i++) {
            ProcessingInput input = spec.inputs().get(i);
            if (input.inputMode() != ChannelInputMode.PIPE) {
                continue;
            }
            ChannelDefinition channel = new ChannelDefinition(input.inputName(), input.dataType(), input.s3Uri(),
                    input.distribution(), Optional.empty(), input.compression(),
                    ChannelDefinition.RecordWrapperType.NONE, ChannelInputMode.PIPE);
            List<List<ChannelObject>> perHost = resolver.resolveAll(source(input), names.size());
            for (int h = 0; h < names.size(); h++) {
                pipes.add(new PipeFeeds.PipeInput(channel, perHost.get(h), workspace.inputDir(names.get(h), i),
                        workspace.scratch().resolve(names.get(h) + "-" + i)));
            }
        }
        return pipes.isEmpty() ? PipeFeeds.none() : PipeFeeds.of(pipes, store);
    }

    private static ChannelDataSource source(ProcessingInput input) {
        return ChannelDataSource.of(input.dataType().wireName(), input.s3Uri(), input.distribution().wireName());
    }

    /** One output's sync: every host's folder to the output's S3Uri; Continuous ones run from the start. */
    private record OutputSync(ProcessingOutput output, CheckpointSync sync) {
    }

    private List<OutputSync> outputs(ProcessingSpec spec, ProcessingWorkspace workspace) {
        List<OutputSync> syncs = new ArrayList<>();
        for (int i = 0; i < spec.outputs().size(); i++) {
            ProcessingOutput output = spec.outputs().get(i);
            S3Location prefix = S3Location.parse(output.s3Uri()).orElseThrow(() -> new IllegalArgumentException(
                    "S3Output.S3Uri is not an S3 URI: " + output.s3Uri()));
            Map<String, java.nio.file.Path> dirs = new java.util.LinkedHashMap<>();
            for (String host : workspace.hosts()) {
                dirs.put(host, workspace.outputDir(host, i));
            }
            CheckpointSync sync = CheckpointSync.toPrefix(store, spec.jobName(), prefix, dirs);
            if (output.uploadMode() == ProcessingOutput.UploadMode.CONTINUOUS) {
                sync.start(uploads, CONTINUOUS_INTERVAL);
            }
            syncs.add(new OutputSync(output, sync));
        }
        return syncs;
    }

    private ProcessingOutcome finish(ProcessingSpec spec, ProcessingWorkspace workspace, ProcessingHosts hosts,
            List<HostContainer> started, PipeFeeds feeds, List<OutputSync> outputs, StopSignal stop) {
        ClusterWait.Ending ending;
        try (feeds) {
            ending = new ClusterWait(engine, settings.stopGrace()).await(started, stop, feeds.failure(),
                    spec.jobName());
        } catch (RuntimeException e) {
            outputs.forEach(o -> o.sync().detach());
            throw e;
        }
        hosts.drainLogs();
        Optional<String> exitMessage = workspace.exitMessage();
        Optional<String> failure = ending.firstFailure()
                .map(exit -> "AlgorithmError: " + exitMessage.map(String::strip).filter(m -> !m.isEmpty())
                        .orElse("See job logs for more information") + " (exit code " + exit.exitCode() + " on "
                        + exit.host().name() + ")")
                .or(ending::platformFailure);
        try {
            // Also after a stop or a failure: what the hosts wrote is kept, as for a training job's output.
            for (OutputSync output : outputs) {
                output.sync().finish();
            }
        } finally {
            teardowns.execute(() -> {
                hosts.tearDown(spec);
                workspace.clean();
            });
        }
        if (ending.stopCause().isPresent()) {
            return new ProcessingOutcome(ProcessingOutcome.Result.STOPPED, Optional.empty(), exitMessage,
                    ending.stopCause());
        }
        return new ProcessingOutcome(failure.isPresent() ? ProcessingOutcome.Result.FAILED
                : ProcessingOutcome.Result.COMPLETED, failure, exitMessage, Optional.empty());
    }

    /** A failure on an interrupted thread is the server shutting down: the containers keep running for the resume. */
    private ProcessingOutcome failedOrInterrupted(ProcessingSpec spec, ProcessingWorkspace workspace,
            ProcessingHosts hosts, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            hosts.detach();
            throw new TrainingInterruptedException(spec.jobName());
        }
        hosts.tearDown(spec);
        workspace.clean();
        return ProcessingOutcome.failed(reason(e));
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ChannelResolutionException || e instanceof NoSuchImageException) {
            return message.startsWith("ClientError:") ? message : "ClientError: " + message;
        }
        if (e instanceof ObjectStoreException s) {
            return switch (s.kind()) {
                case NO_SUCH_BUCKET, NO_SUCH_KEY, ACCESS_DENIED -> "ClientError: " + message;
                case UNREACHABLE, FAILED -> "InternalServerError: S3 failed: " + message;
            };
        }
        if (!(e instanceof EngineUnavailableException || e instanceof ContainerEngineException
                || e instanceof UncheckedIOException)) {
            LOG.error("processing failed inside Sagebox", e);
        }
        return "InternalServerError: " + message;
    }

    /** Waits (bounded) for pending teardowns, so a stopping server leaves nothing of finished jobs behind. */
    @Override
    public void close() {
        uploads.shutdownNow();
        teardowns.shutdown();
        try {
            if (!teardowns.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("processing teardowns still running at shutdown; the reaper removes leftovers at the next"
                        + " start");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
