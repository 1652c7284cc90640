package dev.sagebox.api.transform;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.api.wiring.ServerIdentity;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;

/**
 * Issue 13's benchmark ({@code bench/batch/run}; see bench/README.md). Sagebox runs in this JVM with the real Docker
 * engine; every baseline is measured in the same run, interleaved with what it is compared to.
 * <ul>
 * <li>Batch transform: {@value #LINES} CSV lines, SingleRecord, {@value #CONCURRENCY} requests in flight, against
 * {@code sagebox/bench-fast-server} (nginx answering at once, so the figure is what carries the records). Sagebox's
 * throughput counts the whole job, from the CreateTransformJob call to TransformEndTime (container start, S3 read and
 * write included); the baseline sends the very same requests, one line each, from this JVM with the same HTTP client
 * Sagebox uses, {@value #CONCURRENCY} in flight, straight to a running container of the same model (an endpoint's
 * instance, reached on its own address), and keeps the answers in order. Target: median ratio ≥ 0.8.</li>
 * <li>Processing: a job that runs {@code true} in {@code sagebox/test-python}, from the CreateProcessingJob call to
 * ProcessingEndTime, against {@code docker run --rm} of the same image and command (the docker CLI, as a user types
 * it). Target: median overhead ≤ 0.5 s.</li>
 * </ul>
 * Exits 0 when both targets are met, 1 when one is missed.
 */
public final class BatchBench {
    static final int LINES = 100_000;
    static final int CONCURRENCY = 8;
    static final String FAST_IMAGE = "sagebox/bench-fast-server:latest";
    static final String PYTHON_IMAGE = "sagebox/test-python:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final int RETRIES = 3;
    /** The SageMaker Python SDK's interpreter for the local-mode baseline, when it can run here. */
    static final String LOCAL_MODE_PYTHON = System.getenv("LOCAL_MODE_PYTHON");
    /** Local mode sends one record at a time at tens of milliseconds each: it transforms the first lines only. */
    static final int LOCAL_MODE_RECORDS = Integer.getInteger("localModeRecords", 2_000);

    private final TestSagebox sagebox;
    private final SageMakerClient sm;
    private final String serverId;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int jobs;

    private BatchBench(TestSagebox sagebox, String serverId) {
        this.sagebox = sagebox;
        this.sm = sagebox.sageMaker;
        this.serverId = serverId;
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        int processingReps = Integer.getInteger("processingReps", 7);
        Path home = Files.createTempDirectory("sagebox-batch-bench");
        boolean met;
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)))) {
            BatchBench bench = new BatchBench(sagebox, ServerIdentity.of(home));
            met = bench.transform(rounds) & bench.processing(processingReps);
        } finally {
            dev.sagebox.storage.LocalTrees.delete(home);
        }
        System.exit(met ? 0 : 1);
    }

    // ---- batch transform

    private boolean transform(int rounds) throws Exception {
        sagebox.s3.createBucket(r -> r.bucket("batch"));
        List<byte[]> records = new ArrayList<>(LINES);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            String line = i + "," + (i % 97) / 10.0 + "," + (i % 13) + ",0.5";
            records.add(line.getBytes(StandardCharsets.UTF_8));
            csv.append(line).append('\n');
        }
        sagebox.s3.putObject(r -> r.bucket("batch").key("in/data.csv"), RequestBody.fromString(csv.toString()));
        List<byte[]> warmUp = records.subList(0, LINES / 5);
        sagebox.s3.putObject(r -> r.bucket("batch").key("warm/data.csv"),
                RequestBody.fromString(csv.substring(0, csv.indexOf("\n" + (LINES / 5) + ",") + 1)));
        sm.createModel(r -> r.modelName("fast").executionRoleArn(ROLE).primaryContainer(c -> c.image(FAST_IMAGE)));
        sm.createEndpointConfig(r -> r.endpointConfigName("direct").productionVariants(v -> v.variantName("A")
                .modelName("fast").initialInstanceCount(1).initialVariantWeight(1f)
                .instanceType(ProductionVariantInstanceType.ML_M5_LARGE)));
        sm.createEndpoint(r -> r.endpointName("direct").endpointConfigName("direct"));
        try {
            Poll.until(LIMIT, "endpoint direct in service", () -> sm.describeEndpoint(r -> r.endpointName("direct"))
                    .endpointStatus() == EndpointStatus.IN_SERVICE);
            return transformRounds(rounds, records, warmUp);
        } finally {
            sm.deleteEndpoint(r -> r.endpointName("direct"));
            DockerJavaContainerEngine engine = DockerJavaContainerEngine.fromEnvironment();
            try {
                Poll.until(LIMIT, "the endpoint's container removed", () -> engine.containersWithLabels(
                        endpointLabels()).isEmpty());
            } finally {
                engine.close();
            }
        }
    }

    private boolean transformRounds(int rounds, List<byte[]> records, List<byte[]> warmUp) throws Exception {
        URI container = directAddress();
        say("batch transform: %,d CSV lines, SingleRecord, %d in flight, model %s", LINES, CONCURRENCY, FAST_IMAGE);
        say("warming up: %,d direct requests and a %,d-line transform job", warmUp.size(), warmUp.size());
        direct(container, warmUp);
        transformJob("warm/", "SingleRecord");
        List<Double> ratios = new ArrayList<>();
        List<Double> directRates = new ArrayList<>();
        List<Double> sageboxRates = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double direct = LINES / direct(container, records);
            double job = LINES / transformJob("in/", "SingleRecord");
            directRates.add(direct);
            sageboxRates.add(job);
            ratios.add(job / direct);
            say("round %d: direct %,9.0f records/s   Sagebox transform job %,9.0f records/s   ratio %.3f", round,
                    direct, job, job / direct);
        }
        double multi = LINES / transformJob("in/", "MultiRecord");
        sagebox.s3.putObject(r -> r.bucket("batch").key("tiny/data.csv"), RequestBody.fromString("1,2,3,0.5\n"));
        double fixed = transformJob("tiny/", "SingleRecord");
        Optional<Double> localMode = localMode(records);
        double ratio = median(ratios);
        say("%-62s %,10.0f records/s", "direct to the container (median; the baseline)", median(directRates));
        say("%-62s %,10.0f records/s", "Sagebox transform job, Create to TransformEndTime (median)",
                median(sageboxRates));
        say("%-62s %10.3f", "ratio (median of the rounds' ratios)", ratio);
        say("%-62s %,10.0f records/s", "shown: MultiRecord job (6 MB payloads), Create to end", multi);
        say("%-62s %10.3f s", "shown: a one-line job, Create to end (what any job costs)", fixed);
        say("%-62s %10.3f", "shown: ratio without that fixed cost",
                LINES / (LINES / median(sageboxRates) - fixed) / median(directRates));
        boolean met = ratio >= 0.8;
        say("target: transform throughput >= 80%% of direct: %s", met ? "met" : "MISSED");
        if (localMode.isPresent()) {
            double local = localMode.get();
            say("%-62s %,10.0f records/s", "SDK local mode transform, the first " + LOCAL_MODE_RECORDS + " lines",
                    local);
            say("%-62s %10.1f", "Sagebox transform job / SDK local mode", median(sageboxRates) / local);
            boolean faster = median(sageboxRates) >= 2 * local;
            say("target: transform >= 2x the SDK local mode: %s", faster ? "met" : "MISSED");
            met &= faster;
        } else {
            say("SDK local mode: not run (%s)", LOCAL_MODE_PYTHON == null
                    ? "LOCAL_MODE_PYTHON is not set: bench/batch/run sets it when the SDK and docker-compose are here"
                    : "it failed; see above");
        }
        return met;
    }

    private Map<String, String> endpointLabels() {
        return Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE,
                "arn:aws:sagemaker:us-east-1:123456789012:endpoint/direct");
    }

    /** The endpoint instance's own address, where Sagebox's router reaches it. */
    private URI directAddress() {
        DockerJavaContainerEngine engine = DockerJavaContainerEngine.fromEnvironment();
        try {
            List<ContainerState> containers = engine.containersWithLabels(endpointLabels());
            String ip = containers.stream().flatMap(c -> c.ipAddresses().values().stream())
                    .filter(a -> a != null && !a.isBlank()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no address for the endpoint's container"));
            return URI.create("http://" + ip + ":8080/invocations");
        } finally {
            engine.close();
        }
    }

    /** Seconds to send every record to the container, {@value #CONCURRENCY} at a time, answers kept in order. */
    private double direct(URI invocations, List<byte[]> records) throws Exception {
        byte[][] answers = new byte[records.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < records.size(); i = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(records.get(i))).build();
                        answers[i] = answer(request);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int bytes = 0;
        for (byte[] a : answers) {
            bytes += a.length;
        }
        if (bytes < records.size()) {
            throw new IllegalStateException("answers missing");
        }
        return seconds;
    }

    /**
     * The container's answer, with up to {@value #RETRIES} retries of a failed call as Sagebox's transform makes by
     * default (InvocationsMaxRetries 3): at thousands of calls a second, the JDK's client now and then finds a pooled
     * connection closed under it ("header parser received no bytes"), on either path.
     */
    private byte[] answer(HttpRequest request) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the container answered " + r.statusCode());
                }
                return r.body();
            } catch (IOException e) {
                if (attempt == RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** Seconds from the CreateTransformJob call to the job's TransformEndTime; the job must complete. */
    private double transformJob(String input, String strategy) {
        String name = "bench-" + (++jobs);
        Instant start = Instant.now();
        sm.createTransformJob(r -> r.transformJobName(name).modelName("fast").batchStrategy(strategy)
                .maxConcurrentTransforms(CONCURRENCY).maxPayloadInMB(6)
                .transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                        .s3Uri("s3://batch/" + input))).contentType("text/csv").splitType("Line"))
                .transformOutput(o -> o.s3OutputPath("s3://batch/out/" + name).assembleWith("Line"))
                .transformResources(t -> t.instanceType("ml.m5.large").instanceCount(1)));
        DescribeTransformJobResponse d = Poll.value(LIMIT, "transform job " + name, () -> Optional
                .of(sm.describeTransformJob(r -> r.transformJobName(name)))
                .filter(x -> x.transformJobStatus() != TransformJobStatus.IN_PROGRESS));
        if (d.transformJobStatus() != TransformJobStatus.COMPLETED) {
            throw new IllegalStateException(name + " ended " + d.transformJobStatus() + ": " + d.failureReason());
        }
        long outputs = sagebox.s3.listObjectsV2(r -> r.bucket("batch").prefix("out/" + name + "/")).keyCount();
        if (outputs != 1) {
            throw new IllegalStateException(name + " wrote " + outputs + " outputs");
        }
        return Duration.between(start, d.transformEndTime()).toNanos() / 1e9;
    }

    /**
     * Records per second of the SDK's local mode transforming the first {@link #LOCAL_MODE_RECORDS} lines with the
     * same model and settings ({@code bench/batch/local_mode_transform.py}; its whole {@code transform()} call,
     * container start included), or empty when it cannot run here.
     */
    private Optional<Double> localMode(List<byte[]> records) throws IOException, InterruptedException {
        if (LOCAL_MODE_PYTHON == null) {
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory("sagebox-local-mode");
        try {
            Path input = Files.createDirectories(dir.resolve("in"));
            StringBuilder csv = new StringBuilder();
            records.subList(0, LOCAL_MODE_RECORDS).forEach(r -> csv.append(new String(r, StandardCharsets.UTF_8))
                    .append('\n'));
            Files.writeString(input.resolve("data.csv"), csv);
            Path model = dir.resolve("model.tar.gz");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(model))) {
                out.write(new byte[1024]);
            }
            Path config = dir.resolve("sagemaker-config.yaml");
            Files.writeString(config, "SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n"
                    + "      TelemetryOptOut: true\n");
            say("SDK local mode: transforming %,d lines with docker-compose (about a minute)", LOCAL_MODE_RECORDS);
            ProcessBuilder pb = new ProcessBuilder(LOCAL_MODE_PYTHON, System.getProperty("localModeScript"), FAST_IMAGE, model.toString(), input.toString(),
                    dir.resolve("out").toString(), "SingleRecord").directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("SAGEMAKER_USER_CONFIG_OVERRIDE", config.toString());
            pb.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
            pb.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "local");
            pb.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "local");
            Process p = pb.start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            String[] figures = last.split(" ");
            if (p.waitFor() != 0 || !last.matches("\\d+ [0-9.]+") || Long.parseLong(figures[0]) < LOCAL_MODE_RECORDS) {
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> say("  local mode: %s", l));
                return Optional.empty();
            }
            return Optional.of(LOCAL_MODE_RECORDS / Double.parseDouble(figures[1]));
        } finally {
            dev.sagebox.storage.LocalTrees.delete(dir);
        }
    }

    // ---- processing

    private boolean processing(int reps) throws Exception {
        say("processing: `true` in %s, CreateProcessingJob to ProcessingEndTime against docker run --rm", PYTHON_IMAGE);
        dockerRun();
        processingJob();
        List<Double> docker = new ArrayList<>();
        List<Double> job = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
            docker.add(dockerRun());
            job.add(processingJob());
            say("rep %d: docker run %6.3f s   processing job %6.3f s", rep, docker.get(rep - 1), job.get(rep - 1));
        }
        double overhead = median(job) - median(docker);
        say("%-62s %10.3f s", "docker run --rm (median; the baseline)", median(docker));
        say("%-62s %10.3f s", "processing job, Create to ProcessingEndTime (median)", median(job));
        say("%-62s %10.3f s", "overhead (difference of the medians)", overhead);
        boolean met = overhead <= 0.5;
        say("target: processing adds <= 0.5 s over docker run: %s", met ? "met" : "MISSED");
        return met;
    }

    private double processingJob() {
        String name = "bench-proc-" + (++jobs);
        Instant start = Instant.now();
        sm.createProcessingJob(r -> r.processingJobName(name).roleArn(ROLE)
                .appSpecification(a -> a.imageUri(PYTHON_IMAGE).containerEntrypoint("true"))
                .processingResources(p -> p.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.large")
                        .volumeSizeInGB(1)))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(120)));
        DescribeProcessingJobResponse d = Poll.value(LIMIT, "processing job " + name, () -> Optional
                .of(sm.describeProcessingJob(r -> r.processingJobName(name)))
                .filter(x -> x.processingJobStatus() != ProcessingJobStatus.IN_PROGRESS));
        if (d.processingJobStatus() != ProcessingJobStatus.COMPLETED) {
            throw new IllegalStateException(name + " ended " + d.processingJobStatus() + ": " + d.failureReason());
        }
        return Duration.between(start, d.processingEndTime()).toNanos() / 1e9;
    }

    /** Wall time of {@code docker run --rm} with the CLI, labelled so that Sagebox's final check knows it. */
    private double dockerRun() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "--rm", "--label", SageboxLabels.MANAGED + "=true",
                "--label", SageboxLabels.INSTANCE + "=" + serverId, "--entrypoint", "true", PYTHON_IMAGE)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("docker run failed: " + out));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
