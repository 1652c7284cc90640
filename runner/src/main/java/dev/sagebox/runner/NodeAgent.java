package dev.sagebox.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.MinioObjectStore;
import dev.sagebox.storage.ObjectStore;
import dev.sagebox.storage.S3DataDistribution;
import dev.sagebox.storage.S3DataType;
import dev.sagebox.storage.S3Location;
import dev.sagebox.storage.S3Settings;
import dev.sagebox.storage.TarGz;
import dev.sagebox.storage.pipe.SocketToPipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The node agent: runs in a swarm task on the node of one training host, with the host's node volume as
 * {@code /opt/ml}, and carries out a {@link NodeAgentPlan}: stages the host's config files and channel objects from
 * S3 into the volume before the host starts, or packs and uploads what the host left there after it ended. The
 * channel bytes and the model never pass through the server. Exits 0 when the plan is done, 1 when it failed (the
 * reason is its last line).
 */
public final class NodeAgent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final Path optMl;

    NodeAgent(ObjectStore store, Path optMl) {
        this.store = store;
        this.optMl = optMl;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path optMl = Path.of(args.length > 0 ? args[0] : "/opt/ml");
        try {
            NodeAgentPlan plan = NodeAgentPlan.fromJson(env.get(NodeAgentPlan.ENVIRONMENT));
            Optional<NodeCredentials> own = Optional.ofNullable(plan.credentials()).map(NodeCredentials::new);
            // With the job's own credentials the configured keys are not in the environment.
            S3Settings s3 = new S3Settings(URI.create(env.get("AWS_ENDPOINT_URL_S3")),
                    env.getOrDefault("AWS_ACCESS_KEY_ID", ""), env.getOrDefault("AWS_SECRET_ACCESS_KEY", ""),
                    env.getOrDefault("AWS_REGION", "us-east-1"));
            try (MinioObjectStore store = own.isPresent()
                    ? new MinioObjectStore(s3, own.get()::current, SocketToPipe.COPY)
                    : new MinioObjectStore(s3, SocketToPipe.COPY)) {
                new NodeAgent(store, optMl).run(plan, own);
            }
        } catch (RuntimeException e) {
            System.out.println("sagebox-agent: " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    void run(NodeAgentPlan plan, Optional<NodeCredentials> own) {
        switch (plan.action()) {
            case NodeAgentPlan.STAGE -> stage(plan, own.filter(NodeCredentials::forHost));
            case NodeAgentPlan.UPLOAD -> upload(plan.upload(), Optional.ofNullable(plan.checkpoints()));
            default -> throw new IllegalArgumentException("unknown action " + plan.action());
        }
    }

    /** @param credentials the job's credentials to write for the host, if it gets them */
    private void stage(NodeAgentPlan plan, Optional<NodeCredentials> credentials) {
        try {
            for (String dir : plan.directories()) {
                Files.createDirectories(optMl.resolve(dir));
            }
            for (Map.Entry<String, String> file : plan.files().entrySet()) {
                Path target = optMl.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out /opt/ml: " + e.getMessage(), e);
        }
        List<Runnable> downloads = plan.downloads().stream().<Runnable>map(d -> () -> store.download(
                new S3Location(d.bucket(), d.key()), optMl.resolve(d.path()))).toList();
        FileChannelStager.runAll(downloads);
        Optional<CheckpointSync> checkpoints = Optional.ofNullable(plan.checkpoints()).map(this::checkpoints);
        checkpoints.ifPresent(CheckpointSync::restore);
        credentials.ifPresent(NodeCredentials::writeCurrent);
        if (plan.pipes().isEmpty() && checkpoints.isEmpty() && credentials.isEmpty()) {
            System.out.println(NodeAgentPlan.STAGED_LINE + " " + plan.downloads().size() + " object(s)");
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-agent-timer");
            t.setDaemon(true);
            return t;
        });
        checkpoints.ifPresent(sync -> sync.start(timer, Duration.ofMillis(plan.checkpoints().syncMillis())));
        credentials.ifPresent(c -> c.start(timer));
        if (plan.pipes().isEmpty()) {
            System.out.println(NodeAgentPlan.STAGED_LINE + "; keeping the host's checkpoints and credentials");
            System.out.flush();
            // Goes on until the server removes this task once the host has ended; the upload agent syncs the rest.
            new CompletableFuture<Void>().join();
        }
        feed(plan.pipes());
    }

    /** The host's LocalPath, synced with S3Uri as on one engine. */
    private CheckpointSync checkpoints(NodeAgentPlan.Checkpoints config) {
        S3Location prefix = S3Location.parse(config.s3Uri()).orElseThrow(() -> new IllegalArgumentException(
                "CheckpointConfig.S3Uri is not an S3 URI: " + config.s3Uri()));
        return CheckpointSync.toPrefix(store, config.s3Uri(), prefix, Map.of("host",
                optMl.resolve(config.localPath())));
    }

    /**
     * Streams the Pipe channels into their FIFOs, as one engine's feeders do, once the first FIFO of each exists and
     * the host has been told it may start; returns only when a feed fails (the task is stopped when the host ends).
     */
    private void feed(List<NodeAgentPlan.PipeChannel> pipes) {
        List<PipeFeeds.PipeInput> inputs = new ArrayList<>();
        for (NodeAgentPlan.PipeChannel pipe : pipes) {
            List<ChannelObject> objects = new ArrayList<>();
            for (int i = 0; i < pipe.objects().size(); i++) {
                NodeAgentPlan.Download d = pipe.objects().get(i);
                objects.add(new ChannelObject(new S3Location(d.bucket(), d.key()), d.path(), pipe.sizes().get(i)));
            }
            ChannelDefinition channel = new ChannelDefinition(pipe.channel(), S3DataType.S3_PREFIX,
                    "s3://" + (objects.isEmpty() ? "none" : objects.get(0).location().bucket()) + "/",
                    S3DataDistribution.FULLY_REPLICATED, Optional.empty(), pipe.compression(), pipe.recordWrapper(),
                    ChannelInputMode.PIPE);
            inputs.add(new PipeFeeds.PipeInput(channel, objects, optMl.resolve("input/data"),
                    Path.of(System.getProperty("java.io.tmpdir"), "sagebox-pipe-" + pipe.channel())));
        }
        PipeFeeds feeds = PipeFeeds.of(inputs, store);
        System.out.println(NodeAgentPlan.STAGED_LINE + "; streaming " + pipes.size() + " Pipe channel(s)");
        System.out.flush();
        feeds.start("node-agent");
        try {
            throw new IllegalStateException(feeds.failure().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e);
        }
    }

    private void upload(NodeAgentPlan.Upload upload, Optional<NodeAgentPlan.Checkpoints> checkpoints) {
        failureText().ifPresent(text -> {
            try {
                System.out.println(NodeAgentPlan.FAILURE_LINE + JSON.writeValueAsString(text));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        Path scratch = optMl.resolve(".sagebox-upload");
        try {
            checkpoints.ifPresent(c -> checkpoints(c).upload());
            Files.createDirectories(scratch);
            List<Path> models = new ArrayList<>(List.of(optMl.resolve("model")));
            List<Path> outputs = new ArrayList<>(List.of(optMl.resolve("output/data")));
            if (upload.hostCount() > 1 && !upload.host().equals("algo-1")) {
                put(models, scratch.resolve("model.tar.gz"), part(upload, upload.host(), "model.tar.gz"));
                put(outputs, scratch.resolve("output.tar.gz"), part(upload, upload.host(), "output.tar.gz"));
                return;
            }
            for (int i = 2; i <= upload.hostCount(); i++) {
                String host = "algo-" + i;
                models.add(fetchPart(part(upload, host, "model.tar.gz"), scratch.resolve(host + "/model")));
                outputs.add(fetchPart(part(upload, host, "output.tar.gz"), scratch.resolve(host + "/output")));
            }
            put(models, scratch.resolve("model.tar.gz"), S3Location.parse(upload.modelUri()).orElseThrow());
            put(outputs, scratch.resolve("output.tar.gz"), S3Location.parse(upload.outputUri()).orElseThrow());
            for (int i = 2; i <= upload.hostCount(); i++) {
                store.delete(part(upload, "algo-" + i, "model.tar.gz"));
                store.delete(part(upload, "algo-" + i, "output.tar.gz"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the host's output: " + e.getMessage(), e);
        } finally {
            empty(optMl);
            // The host's credentials, revoked by now, if the agent has them mounted.
            Path credentials = Path.of(CredentialDelivery.CONTAINER_DIRECTORY);
            if (Files.isDirectory(credentials)) {
                empty(credentials);
            }
        }
        System.out.println("sagebox-agent: uploaded " + upload.modelUri());
    }

    private static S3Location part(NodeAgentPlan.Upload upload, String host, String name) {
        return S3Location.parse(upload.partsUri()).orElseThrow().resolve(host + "/" + name);
    }

    private void put(List<Path> dirs, Path archive, S3Location target) throws IOException {
        try (var out = Files.newOutputStream(archive)) {
            TarGz.pack(dirs.stream().filter(Files::isDirectory).toList(), out);
        }
        store.upload(archive, target);
    }

    private Path fetchPart(S3Location part, Path dir) throws IOException {
        Path archive = dir.resolveSibling(dir.getFileName() + ".tar.gz");
        store.download(part, archive);
        Files.createDirectories(dir);
        TarGz.extract(archive, dir);
        return dir;
    }

    /** The first 1024 characters of {@code /opt/ml/output/failure}, if the host wrote one. */
    private Optional<String> failureText() {
        Path file = optMl.resolve("output/failure");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text.length() > 1024 ? text.substring(0, 1024) : text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The node volume outlives the task: what the host left in it goes once it is uploaded. */
    private static void empty(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!f.equals(root)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            System.out.println("sagebox-agent: could not empty " + root + ": " + e.getMessage());
        }
    }
}
