package dev.sagebox.runner;

import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.S3ObjectSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's CheckpointConfig at work: restores the objects under S3Uri into every host's LocalPath before the containers
 * start, then uploads the files the hosts write there, new or changed, every few seconds and once more at the end
 * (also after a stop or a failure), so the next job with the same S3Uri resumes from them. As in SageMaker, every host
 * syncs its own LocalPath to the same S3Uri.
 */
public final class CheckpointSync {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSync.class);
    private static final String OPT_ML = "/opt/ml";

    private final ObjectStore store;
    private final String jobName;
    private final S3Location prefix;
    private final Map<String, Path> hostDirs;
    /** What was last uploaded (or restored) per host and relative path: size and modification time. */
    private final Map<Path, FileStamp> synced = new HashMap<>();
    private ScheduledFuture<?> periodic;

    private CheckpointSync(ObjectStore store, String jobName, S3Location prefix, Map<String, Path> hostDirs) {
        this.store = store;
        this.jobName = jobName;
        this.prefix = prefix;
        this.hostDirs = hostDirs;
    }

    static CheckpointSync of(ObjectStore store, TrainingSpec spec, CheckpointConfig config, JobWorkspace workspace) {
        S3Location location = S3Location.parse(config.s3Uri()).orElseThrow(() -> new IllegalArgumentException(
                "CheckpointConfig.S3Uri is not an S3 URI: " + config.s3Uri()));
        String key = location.key();
        S3Location prefix = new S3Location(location.bucket(), key.isEmpty() || key.endsWith("/") ? key : key + "/");
        Map<String, Path> dirs = new LinkedHashMap<>();
        workspace.hosts().forEach(h -> dirs.put(h, localDir(workspace, h, config)));
        return new CheckpointSync(store, spec.jobName(), prefix, dirs);
    }

    /**
     * A sync of each host's directory to one S3 prefix, with nothing restored first: a processing job's output, whose
     * files every host writes to the same S3Uri.
     */
    public static CheckpointSync toPrefix(ObjectStore store, String jobName, S3Location prefix,
            Map<String, Path> hostDirs) {
        String key = prefix.key();
        return new CheckpointSync(store, jobName,
                new S3Location(prefix.bucket(), key.isEmpty() || key.endsWith("/") ? key : key + "/"),
                new LinkedHashMap<>(hostDirs));
    }

    /** Whether LocalPath lies in {@code /opt/ml}, which is mounted already; elsewhere it needs a mount of its own. */
    static boolean underOptMl(CheckpointConfig config) {
        String path = normalized(config);
        return path.equals(OPT_ML) || path.startsWith(OPT_ML + "/");
    }

    /** The host directory that appears at LocalPath in {@code host}'s container. */
    static Path localDir(JobWorkspace workspace, String host, CheckpointConfig config) {
        String path = normalized(config);
        return underOptMl(config)
                ? workspace.optMl(host).resolve(path.substring(OPT_ML.length()).replaceFirst("^/", ""))
                : workspace.checkpointMount(host);
    }

    private static String normalized(CheckpointConfig config) {
        return Path.of(config.localPath()).normalize().toString();
    }

    /** Places every object under S3Uri into every host's LocalPath; those files count as synced already. */
    synchronized void restore() {
        List<S3ObjectSummary> objects = store.list(prefix);
        for (Map.Entry<String, Path> host : hostDirs.entrySet()) {
            Path dir = host.getValue();
            mkdirs(dir);
            for (S3ObjectSummary object : objects) {
                String relative = object.location().key().substring(prefix.key().length());
                if (relative.isEmpty() || relative.endsWith("/")) {
                    continue;
                }
                Path target = dir.resolve(relative).normalize();
                if (!target.startsWith(dir)) {
                    LOG.warn("checkpoint object {} of job {} escapes LocalPath; skipped", object.location(), jobName);
                    continue;
                }
                store.download(object.location(), target);
                stamp(target).ifPresent(s -> synced.put(target, s));
            }
        }
    }

    /** Uploads new and changed files every {@code interval} until {@link #finish()}; a failed round is retried. */
    public synchronized void start(ScheduledExecutorService timer, Duration interval) {
        hostDirs.values().forEach(CheckpointSync::mkdirs);
        periodic = timer.scheduleWithFixedDelay(() -> {
            try {
                upload();
            } catch (RuntimeException e) {
                LOG.warn("checkpoint sync of job {} failed, retrying next round: {}", jobName, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic sync and uploads what is new since; a failure here fails the job like its output would. */
    public void finish() {
        synchronized (this) {
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
        upload();
    }

    /** Stops the periodic sync without a last upload (server shutdown: the job resumes later and syncs then). */
    public synchronized void detach() {
        if (periodic != null) {
            periodic.cancel(false);
        }
    }

    /** Uploads every file that is new or changed since it was last synced. */
    synchronized void upload() {
        for (Path dir : hostDirs.values()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    var now = stamp(file);
                    if (now.isEmpty() || now.get().equals(synced.get(file))) {
                        continue;
                    }
                    String relative = dir.relativize(file).toString().replace('\\', '/');
                    store.upload(file, new S3Location(prefix.bucket(), prefix.key() + relative));
                    synced.put(file, now.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoints of job " + jobName, e);
            }
        }
    }

    private static Optional<FileStamp> stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileStamp(a.size(), a.lastModifiedTime().toMillis()));
        } catch (IOException e) {
            // Deleted between listing and reading: nothing to upload.
            return Optional.empty();
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint directory " + dir, e);
        }
    }

    private record FileStamp(long size, long modifiedMillis) {
    }
}
